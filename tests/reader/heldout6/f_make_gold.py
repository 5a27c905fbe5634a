"""Writes gold/f_*.json for the five f_ documents of this folder (python3 f_make_gold.py)."""

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "gold"


def T(year, value, comp, kind, text):
    return {"year": year, "value": value, "comparator": comp, "kind": kind, "text": text}


def I(
    name, unit, targets, baseline=None, category=None, attribute=None, source=None, note=None, actuals=None
):
    return {
        "name": name,
        "category": category,
        "unit": unit,
        "attribute": attribute,
        "source": source,
        "note": note,
        "baseline": ({"year": baseline[0], "value": baseline[1]} if baseline else None),
        "targets": targets,
        "actuals": [{"year": y, "value": v} for y, v in (actuals or [])],
    }


def D(title, issuer, region, doc_number, issued, start, end):
    return {
        "title": title,
        "issuer": issuer,
        "region": region,
        "doc_number": doc_number,
        "issued": issued,
        "period": {"start": start, "end": end},
    }


def row3(name, unit, base, v26, v27, v28, t28=None, c28=">=", note=None):
    ts = [
        T(2026, v26, ">=", "level", fmt(v26)),
        T(2027, v27, ">=", "level", fmt(v27)),
        T(2028, v28, c28, "level", t28 or fmt(v28)),
    ]
    return I(name, unit, ts, baseline=(2025, base), note=note)


def fmt(v):
    return str(v)


golds = {}

# 1 ---------------------------------------------------------------- Tangshan .doc
tbl = "表1 指标表；2025年列为预计完成数（基期）"
golds["f_hebei_tangshan_gxq_sannian_2026_2028"] = {
    "document": D(
        "唐山高新技术产业开发区科技创新能力提升三年行动计划（2026—2028年）",
        "唐山高新技术产业开发区管理委员会",
        "唐山高新技术产业开发区",
        "唐高管〔2026〕3号",
        "2026-01-26",
        2026,
        2028,
    ),
    "indicators": [
        row3(
            "全社会研究与试验发展（R&D）经费投入强度",
            "%",
            3.05,
            3.2,
            3.35,
            3.5,
            note=tbl + "；正文作“全社会研究与试验发展（R&D）经费投入强度达到3.5%”",
        ),
        row3(
            "高新技术企业数量",
            "家",
            312,
            350,
            390,
            430,
            t28="≥430",
            note=tbl + "；正文作“高新技术企业数量突破430家”",
        ),
        row3("科技型中小企业数量", "家", 586, 650, 720, 800, note=tbl + "；正文作“科技型中小企业达到800家”"),
        row3("省级以上研发机构", "家", 74, 80, 87, 95, note=tbl + "；正文作“省级以上研发机构达到95家”"),
        row3("每万人口高价值发明专利拥有量", "件", 9.6, 10.5, 11.5, 12.5, note=tbl),
        row3("技术合同成交额", "亿元", 18.2, 21, 24, 28, note=tbl),
        row3(
            "高新技术产业增加值占规模以上工业增加值比重",
            "%",
            53.8,
            55,
            57,
            60,
            t28="60左右",
            c28="~",
            note=tbl + "；正文作“达到60%左右”",
        ),
        I("财政科技支出", "%", [T(2028, 10, ">=", "growth", "财政科技支出年均增长10%以上")]),
        I(
            "入库培育的高新技术企业后备企业",
            "家",
            [T(2028, 200, ">=", "level", "其中入库培育的高新技术企业后备企业不少于200家")],
            note="科技型中小企业800家的其中项",
        ),
        I(
            "国家级专精特新“小巨人”企业",
            "家",
            [T(2028, 5, ">=", "increment", "三年累计新增国家级专精特新“小巨人”企业5家以上")],
        ),
        I(
            "规模以上工业企业研发机构覆盖率",
            "%",
            [
                T(
                    y,
                    v,
                    ">=",
                    "level",
                    "到2026年、2027年、2028年，规模以上工业企业研发机构覆盖率分别达到45%、50%、55%",
                )
                for y, v in ((2026, 45), (2027, 50), (2028, 55))
            ],
            note="分别列举三年目标",
        ),
        I(
            "概念验证中心、中试基地",
            "个",
            [T(2028, 2, ">=", "level", "建成概念验证中心、中试基地两个以上")],
            note="中文数字“两个”",
        ),
        I(
            "科技成果在区内转化项目",
            "项",
            [T(2028, 30, ">=", "annual", "科技成果在区内转化项目每年不少于30项")],
            note="每年",
        ),
    ],
    "series": [],
    "tasks": [],
}

# 2 ---------------------------------------------------------------- Qingshanhu .wps
golds["f_jiangxi_qingshanhu_kjpt_ssfa"] = {
    "document": D(
        "青山湖区科技创新平台和科技型企业培育实施方案（2025—2027年）",
        "南昌市青山湖区人民政府办公室",
        "青山湖区",
        "青府办发〔2025〕18号",
        "2025-09-12",
        2025,
        2027,
    ),
    "indicators": [
        I(
            "高新技术企业数量",
            "家",
            [T(2027, 260, ">=", "level", "高新技术企业数量由2024年的198家增加到260家以上")],
            baseline=(2024, 198),
            note="任务分解表第1项作“到2027年全区高新技术企业达到260家以上”",
        ),
        I(
            "科技型中小企业入库评价数",
            "%",
            [T(2027, 15, ">=", "growth", "科技型中小企业入库评价数年均增长15%")],
        ),
        I("省级以上科技创新平台", "个", [T(2027, 15, ">=", "increment", "新增省级以上科技创新平台15个")]),
        I(
            "省级重点实验室、省级技术创新中心等高能级平台",
            "个",
            [T(2027, 3, ">=", "increment", "其中省级重点实验室、省级技术创新中心等高能级平台不少于3个")],
            note="新增省级以上科技创新平台15个的其中项",
        ),
        I("全社会研发经费投入强度", "%", [T(2027, 2.6, ">=", "level", "全社会研发经费投入强度力争达到2.6%")]),
        I(
            "规模以上工业企业研发活动覆盖率",
            "%",
            [T(2027, 60, ">=", "level", "规模以上工业企业研发活动覆盖率提高到60%以上")],
        ),
        I(
            "区科技创新投资引导基金规模",
            "亿元",
            [T(2026, 2, ">=", "level", "2026年6月底前，设立规模不低于2亿元的区科技创新投资引导基金")],
            note="期限2026年6月底前",
        ),
        I("技术合同成交额", "亿元", [T(2027, 20, ">=", "level", "全区技术合同成交额达到20亿元")]),
    ],
    "series": [],
    "tasks": [
        {
            "code": "1",
            "goal": "实施高新技术企业倍增行动，到2027年全区高新技术企业达到260家以上",
            "title": None,
            "owners": ["区科技局", "区税务局", "区市场监管局", "各镇（街道）", "昌东工业区管委会"],
            "deadline": 2027,
        },
        {
            "code": "2",
            "goal": "建立科技型中小企业“应评尽评”工作机制，入库评价数年均增长15%",
            "title": None,
            "owners": ["区科技局", "区工信局", "各镇（街道）", "昌东工业区管委会"],
            "deadline": None,
        },
        {
            "code": "3",
            "goal": "新增省级以上科技创新平台15个，其中高能级平台不少于3个",
            "title": None,
            "owners": ["区科技局", "区发改委", "区工信局", "昌东工业区管委会"],
            "deadline": 2027,
        },
        {
            "code": "4",
            "goal": "推动全社会研发经费投入强度力争达到2.6%",
            "title": None,
            "owners": ["区科技局", "区统计局", "区财政局", "区工信局"],
            "deadline": 2027,
        },
        {
            "code": "5",
            "goal": "设立规模不低于2亿元的区科技创新投资引导基金",
            "title": None,
            "owners": ["区财政局", "区委金融办", "区科技局", "区国资办"],
            "deadline": 2026,
        },
        {
            "code": "6",
            "goal": "深化产学研合作，全区技术合同成交额达到20亿元",
            "title": None,
            "owners": ["区科技局", "区市场监管局", "各镇（街道）", "昌东工业区管委会"],
            "deadline": 2027,
        },
    ],
}


# 3 ---------------------------------------------------------------- Tianyuan .htm
def row2(cat, attr, name, unit, base, v27, v30, t27=None, t30=None, c30=">=", note=None):
    return I(
        name,
        unit,
        [T(2027, v27, ">=", "level", t27 or fmt(v27)), T(2030, v30, c30, "level", t30 or fmt(v30))],
        baseline=(2025, base),
        category=cat,
        attribute=attr,
        note=note,
    )


golds["f_hunan_tianyuan_shiwuwu_kjcx_guihua"] = {
    "document": D(
        "天元区“十五五”科技创新发展规划",
        "株洲市天元区人民政府",
        "天元区",
        "天政发〔2026〕2号",
        "2026-03-06",
        2026,
        2030,
    ),
    "indicators": [
        row2(
            "创新投入",
            "预期性",
            "全社会研发经费投入强度",
            "%",
            2.85,
            3,
            3.3,
            t27="3.0",
            note="基期为2025年预计数；正文作“全社会研发经费投入强度达到3.3%”",
        ),
        row2(
            "创新投入",
            "约束性",
            "财政科技支出占一般公共预算支出比重",
            "%",
            3.6,
            4,
            4.5,
            t27="4.0",
            t30="≥4.5",
            note="基期为2025年预计数",
        ),
        row2(
            "创新主体",
            "预期性",
            "高新技术企业数",
            "家",
            276,
            320,
            400,
            note="基期为2025年预计数；正文作“高新技术企业数达到400家”",
        ),
        row2("创新主体", "预期性", "科技型中小企业数", "家", 610, 700, 900, note="基期为2025年预计数"),
        row2(
            "创新主体",
            "预期性",
            "国家级专精特新“小巨人”企业数",
            "家",
            9,
            12,
            15,
            t30="15—18",
            note="基期为2025年预计数；2030年目标为区间15—18",
        ),
        row2("创新平台", "预期性", "省级及以上研发平台数", "个", 82, 95, 120, note="基期为2025年预计数"),
        row2(
            "创新平台",
            "预期性",
            "省级及以上科技企业孵化器和众创空间数",
            "家",
            11,
            13,
            16,
            note="基期为2025年预计数；含国家级、省级科技企业孵化器和众创空间",
        ),
        row2(
            "创新产出", "预期性", "每万人高价值发明专利拥有量", "件", 8.2, 10, 14, note="基期为2025年预计数"
        ),
        row2(
            "创新产出",
            "预期性",
            "技术合同成交额",
            "亿元",
            32.6,
            40,
            60,
            note="基期为2025年预计数；正文作“技术合同成交额达到60亿元”",
        ),
        row2(
            "创新产出",
            "预期性",
            "高新技术产业增加值占地区生产总值比重",
            "%",
            31.5,
            33,
            36,
            t30="36左右",
            c30="~",
            note="基期为2025年预计数",
        ),
        I("公民具备科学素质的比例", "%", [T(2030, 18, ">=", "level", "公民具备科学素质的比例达到18%以上")]),
        I(
            "市级以上重大科技攻关项目",
            "项",
            [T(2030, 30, ">=", "increment", "“十五五”期间，累计实施市级以上重大科技攻关项目30项以上")],
        ),
        I("高层次科技创新团队", "个", [T(2030, 50, ">=", "increment", "引进培育高层次科技创新团队50个")]),
    ],
    "series": [],
    "tasks": [],
}


# 4 ---------------------------------------------------------------- Weibin scan
def rowW(name, unit, base, v26, v27, kind="level", t26=None, t27=None, note=None):
    return I(
        name,
        unit,
        [T(2026, v26, ">=", kind, t26 or fmt(v26)), T(2027, v27, ">=", kind, t27 or fmt(v27))],
        baseline=((2025, base) if base is not None else None),
        note=note,
    )


golds["f_shaanxi_weibin_qcy_gzfa_scan"] = {
    "document": D(
        "渭滨区深度融入秦创原创新驱动平台建设工作方案（2026—2027年）",
        "宝鸡市渭滨区人民政府办公室",
        "渭滨区",
        "渭政办发〔2026〕9号",
        "2026-04-03",
        2026,
        2027,
    ),
    "indicators": [
        rowW("高新技术企业", "家", 168, 190, 215, note="有效期内；正文作“高新技术企业达到215家”"),
        rowW("科技型中小企业", "家", 420, 480, 550, note="评价入库数；正文作“科技型中小企业达到550家”"),
        rowW(
            "技术合同成交额",
            "亿元",
            46,
            52,
            60,
            kind="annual",
            note="年度值；正文作“技术合同成交额达到60亿元”",
        ),
        rowW("“科学家+工程师”队伍", "支", 35, 50, 70, note="累计数"),
        rowW("省级以上科技创新平台", "个", None, 8, 18, kind="increment", note="两年累计新增；基数栏为“—”"),
        rowW("全社会研发投入", "亿元", 21.5, 24, 27),
        rowW(
            "科技成果本地转化项目",
            "项",
            None,
            40,
            90,
            kind="increment",
            t26="≥40",
            t27="≥90",
            note="两年累计；基数栏为“—”",
        ),
        I("研发投入强度", "%", [T(2027, 2.8, ">=", "level", "全区研发投入强度力争达到2.8%")]),
        I(
            "秦创原渭滨科创飞地",
            "个",
            [T(2027, 2, ">=", "level", "建成秦创原渭滨科创飞地两个")],
            note="中文数字“两个”",
        ),
        I(
            "“双招双引”高层次人才",
            "名",
            [T(2027, 100, ">=", "increment", "两年引进“双招双引”高层次人才100名以上")],
        ),
    ],
    "series": [],
    "tasks": [],
}


# 5 ---------------------------------------------------------------- Gongyi .docx
def rowC(name, unit, base, target, actual=None, ttext=None, note_extra=None, actuals=None):
    note = "“十四五”科技创新主要指标完成情况表" + (("；" + note_extra) if note_extra else "")
    acts = actuals if actuals is not None else ([(2025, actual)] if actual is not None else [])
    return I(
        name,
        unit,
        [T(2025, target, ">=", "level", ttext or fmt(target))],
        baseline=(2020, base),
        note=note,
        actuals=acts,
    )


def rowF(cat, name, unit, base, v30, t30=None, c30=">=", note=None):
    n = "基期为2025年预计数" + (("；" + note) if note else "")
    return I(
        name,
        unit,
        [T(2030, v30, c30, "level", t30 or fmt(v30))],
        baseline=(2025, base),
        category=cat,
        attribute="预期性",
        note=n,
    )


golds["f_henan_gongyi_shiwuwu_kjcx_guihua"] = {
    "document": D(
        "巩义市科技创新发展“十五五”规划",
        "巩义市人民政府办公室",
        "巩义市",
        "巩政办〔2026〕11号",
        "2026-02-27",
        2026,
        2030,
    ),
    "indicators": [
        rowC(
            "全社会研发经费投入强度",
            "%",
            1.62,
            2.3,
            ttext="2.3-2.5",
            note_extra="目标为区间2.3-2.5；备注：2025年数据尚未发布，2024年为2.18",
            actuals=[(2024, 2.18)],
        ),
        rowC("高新技术企业数", "家", 68, 150, 173, note_extra="超额完成"),
        rowC("省级以上研发平台数", "个", 57, 100, 108, note_extra="超额完成"),
        rowC("技术合同成交额", "亿元", 2.1, 10, 12.6, note_extra="超额完成"),
        rowC("每万人发明专利拥有量", "件", 2.3, 4, 3.7, note_extra="未完成"),
        rowF(
            "创新投入",
            "全社会研发经费投入强度",
            "%",
            2.25,
            3,
            t30="3.0",
            note="正文作“全社会研发经费投入强度达到3%”",
        ),
        rowF("创新投入", "规模以上工业企业研发机构覆盖率", "%", 38, 50),
        rowF("创新主体", "高新技术企业数", "家", 173, 260),
        rowF("创新主体", "科技型中小企业数", "家", 352, 500, t30="500以上"),
        rowF("创新平台", "省级以上研发平台数", "个", 108, 150),
        rowF("创新成效", "技术合同成交额", "亿元", 12.6, 25),
        rowF("创新成效", "每万人高价值发明专利拥有量", "件", 1.9, 3.5),
        rowF("创新成效", "高新技术产业增加值占规上工业增加值比重", "%", 42.6, 50, t30="50左右", c30="~"),
        I(
            "国家级科技企业孵化器",
            None,
            [T(2030, 1, ">=", "level", "国家级科技企业孵化器实现零的突破")],
            note="零的突破",
        ),
        I(
            "省级以上科技计划项目",
            "项",
            [T(2030, 120, ">=", "increment", "“十五五”期间，累计组织实施省级以上科技计划项目120项以上")],
        ),
    ],
    "series": [],
    "tasks": [],
}

for stem, g in golds.items():
    (OUT / f"{stem}.json").write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    n_ind = len(g["indicators"])
    n_t = sum(len(i["targets"]) for i in g["indicators"])
    n_b = sum(1 for i in g["indicators"] if i["baseline"])
    n_a = sum(len(i["actuals"]) for i in g["indicators"])
    print(
        f"{stem}: indicators {n_ind}, targets {n_t}, baselines {n_b}, actuals {n_a}, tasks {len(g['tasks'])}"
    )
