#!/usr/bin/env python3
"""Write gold/<stem>.json for the w_ documents and check them.

Every target text must occur in the document's text (tags stripped for HTML).
Run:  python3 w_make_gold.py
"""

import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"


def T(year, value, text, cmp=">=", kind="level"):
    return {"year": year, "value": value, "comparator": cmp, "kind": kind, "text": text}


def I(name, unit, targets, baseline=None, note=None, category=None, attribute=None, source=None):
    if isinstance(targets, dict):
        targets = [targets]
    return {
        "name": name,
        "category": category,
        "unit": unit,
        "attribute": attribute,
        "source": source,
        "note": note,
        "baseline": ({"year": baseline[0], "value": baseline[1]} if baseline else None),
        "targets": targets,
        "actuals": [],
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


def task(code, goal, title, owners, deadline):
    return {"code": code, "goal": goal, "title": title, "owners": owners, "deadline": deadline}


DOCS = {}

# 1 ---------------------------------------------------------------- 惠山区 flat page
Y = 2028
DOCS["w_js_huishan_flat.txt"] = {
    "document": D(
        "惠山区科技创新三年行动计划（2026—2028年）",
        "无锡市惠山区人民政府办公室",
        "惠山区",
        "惠政办发〔2026〕9号",
        "2026-03-10",
        2026,
        2028,
    ),
    "indicators": [
        I("高新技术企业数量", "家", T(Y, 1300, "高新技术企业数量达到1300家")),
        I("科技型中小企业评价入库数量", "家", T(Y, 2500, "科技型中小企业评价入库数量突破2500家", ">")),
        I(
            "全社会研发投入占地区生产总值比重",
            "%",
            T(Y, 3.9, "全社会研发投入占地区生产总值比重达到3.9%左右", "~"),
        ),
        I(
            "规上工业企业研发经费支出",
            "%",
            T(Y, 12, "规上工业企业研发经费支出年均增长12%以上", ">=", "growth"),
        ),
        I("国家、省、市级工程技术研究中心", "家", T(Y, 260, "国家、省、市级工程技术研究中心达到260家")),
        I("每万人口高价值发明专利拥有量", "件", T(Y, 28, "每万人口高价值发明专利拥有量达到28件")),
        I("年技术合同成交额", "亿元", T(Y, 150, "年技术合同成交额超过150亿元", ">", "annual")),
        I("高新技术产业产值", "亿元", T(Y, 1200, "高新技术产业产值达到一千二百亿元")),
        I(
            "高层次创新创业人才（团队）",
            "名",
            T(Y, 600, "三年累计引进培育高层次创新创业人才（团队）600名", ">=", "increment"),
        ),
        I("区域创新能力", "位", T(Y, 3, "区域创新能力保持全市前3位", "<="), note="全市位次；前3位"),
        I(
            "遴选纳入高新技术企业培育库的重点企业",
            "家",
            T(Y, 100, "每年遴选100家重点企业纳入高新技术企业培育库", ">=", "annual"),
            note="重点任务（一）；每年",
        ),
        I(
            "区级重大科技攻关项目",
            "项",
            T(Y, 30, "每年组织实施区级重大科技攻关项目30项以上", ">=", "annual"),
            note="重点任务（三）；每年",
        ),
    ],
    "series": [],
    "tasks": [],
}

# 2 ---------------------------------------------------------------- 新会区 one-line page
DOCS["w_gd_xinhui_onepage.txt"] = {
    "document": D(
        "江门市新会区促进科技成果转化实施方案（2026—2028年）",
        "江门市新会区人民政府办公室",
        "新会区",
        "新府办〔2026〕7号",
        "2026-04-08",
        2026,
        2028,
    ),
    "indicators": [
        I(
            "技术合同成交额",
            "%",
            T(Y, 15, "技术合同成交额年均增长百分之十五以上", ">=", "growth"),
            note="年均增长率；同句另有2028年达到105亿元",
        ),
        I("技术合同成交额", "亿元", T(Y, 105, "到2028年达到105亿元")),
        I("成果转化平台", "个", T(Y, 20, "新建概念验证中心、中试平台等成果转化平台20个", ">=", "increment")),
        I("市级以上成果转化平台", "个", T(Y, 8, "其中市级以上8个", ">=", "increment"), note="其中项"),
        I(
            "转化高校、科研院所科技成果",
            "项",
            T(Y, 600, "累计转化高校、科研院所科技成果600项", ">=", "increment"),
        ),
        I("技术经理人队伍", "人", T(Y, 500, "全区技术经理人队伍达到500人以上")),
        I(
            "科技企业孵化器和众创空间在孵企业",
            "家",
            T(Y, 3000, "科技企业孵化器和众创空间在孵企业超过3000家", ">"),
        ),
        I("孵化毕业企业中高新技术企业占比", "%", T(Y, 40, "孵化毕业企业中高新技术企业占比不低于40%")),
        I("全社会研发经费投入强度", "%", T(Y, 3.5, "全社会研发经费投入强度达到百分之三点五")),
        I(
            "科技成果转化项目带动新增产值",
            "亿元",
            T(Y, 100, "科技成果转化项目带动新增产值一百亿元以上", ">=", "increment"),
        ),
        I("科技成果对接活动", "场", T(Y, 50, "每年举办科技成果对接活动不少于50场", ">=", "annual")),
    ],
    "series": [],
    "tasks": [],
}

# 3 ---------------------------------------------------------------- 烟台市 saved GBK page
TAB = [  # name, unit, base, target, category, prose text or None
    ("全社会研发经费投入强度", "%", 2.85, 3.3, "创新投入", "全社会研发经费投入强度达到3.3%以上"),
    ("规模以上工业企业研发机构覆盖率", "%", 48, 60, "创新投入", "规模以上工业企业研发机构覆盖率达到60%"),
    ("高新技术企业数量", "家", 2860, 4000, "创新主体", "高新技术企业达到4000家"),
    ("科技型中小企业数量", "家", 4500, 9000, "创新主体", "科技型中小企业数量实现倍增，达到9000家"),
    ("省级以上创新平台数量", "家", 1150, 1400, "创新平台", "省级以上创新平台达到1400家"),
    ("科技企业孵化器和众创空间数量", "家", 118, 150, "创新平台", None),
    ("每万人口高价值发明专利拥有量", "件", 12.6, 18, "创新产出", "每万人口高价值发明专利拥有量达到18件"),
    ("技术合同成交额", "亿元", 382, 600, "创新产出", "技术合同成交额达到600亿元"),
    (
        "高新技术产业产值占规模以上工业总产值比重",
        "%",
        58.2,
        63,
        "创新产出",
        "高新技术产业产值占规模以上工业总产值比重达到63%",
    ),
]


def fmt(v):
    return str(v)


yt = []
for name, unit, base, target, cat, prose in TAB:
    note = "主要指标表" + (f"；正文作“{prose}”" if prose else "")
    yt.append(
        I(
            name,
            unit,
            T(Y, target, fmt(target)),
            baseline=(2025, base),
            note=note,
            category=cat,
            attribute="预期性",
        )
    )
yt += [
    I("区域创新能力", "位", T(Y, 5, "区域创新能力保持全省前5位", "<="), note="全省位次；前5位"),
    I("营业收入超10亿元的高新技术企业", "家", T(Y, 120, "营业收入超10亿元的高新技术企业达到120家")),
    I("国家级科技企业孵化器", "家", T(Y, 12, "国家级和省级科技企业孵化器分别达到12家和60家")),
    I("省级科技企业孵化器", "家", T(Y, 60, "国家级和省级科技企业孵化器分别达到12家和60家")),
    I(
        "省级以上重大科技创新工程项目",
        "项",
        T(Y, 50, "每年实施省级以上重大科技创新工程项目50项以上", ">=", "annual"),
        note="每年",
    ),
]
DOCS["w_sd_yantai_saved.html"] = {
    "document": D(
        "烟台市科技创新行动计划（2026—2028年）",
        "烟台市人民政府办公室",
        "烟台市",
        "烟政办字〔2026〕11号",
        "2026-02-27",
        2026,
        2028,
    ),
    "indicators": yt,
    "series": [],
    "tasks": [],
}

# 4 ---------------------------------------------------------------- 襄阳市 政策解读
DOCS["w_hb_xiangyang_jiedu.html"] = {
    "document": D(
        "襄阳市科技型企业梯次培育行动方案（2026—2028年）",
        "襄阳市人民政府办公室",
        "襄阳市",
        "襄政办发〔2026〕4号",
        "2026-01-26",
        2026,
        2028,
    ),
    "indicators": [
        I(
            "科技型中小企业评价入库数量",
            "家",
            T(Y, 5000, "科技型中小企业评价入库数量由2025年的2500家增加到5000家，实现翻一番"),
            baseline=(2025, 2500),
        ),
        I(
            "高新技术企业",
            "家",
            [T(Y, 2200, "高新技术企业达到2200家"), T(Y, 200, "年均净增200家以上", ">=", "annual")],
        ),
        I("营业收入超亿元的科技型企业", "家", T(Y, 600, "营业收入超亿元的科技型企业达到600家")),
        I(
            "国家级专精特新“小巨人”企业",
            "家",
            T(Y, 40, "国家级专精特新“小巨人”企业累计达到40家"),
            note="累计数",
        ),
        I("省级瞪羚企业", "家", T(Y, 150, "省级瞪羚企业达到150家")),
        I("潜在独角兽企业", "家", T(Y, 5, "潜在独角兽企业达到5家以上")),
        I("上市科技企业", "家", T(Y, 10, "新增上市科技企业10家", ">=", "increment")),
        I("规上工业企业研发活动覆盖率", "%", T(Y, 50, "规上工业企业研发活动覆盖率达到百分之五十")),
    ],
    "series": [],
    "tasks": [],
}

# 5 ---------------------------------------------------------------- 芜湖 excerpt
Z = 2027
DOCS["w_ah_wuhu_excerpt.txt"] = {
    "document": D(None, None, "芜湖市", None, None, 2026, 2028),
    "indicators": [
        I("全社会研发投入强度", "%", T(Z, 3.6, "全社会研发投入强度达到3.6%")),
        I("研发经费投入", "%", T(Z, 12, "研发经费投入年均增长12%以上", ">=", "growth")),
        I(
            "高新技术企业",
            "家",
            T(Z, 4000, "高新技术企业由2025年的2850家增加到4000家以上"),
            baseline=(2025, 2850),
        ),
        I("科技型中小企业", "家", T(Z, 7000, "科技型中小企业达到7000家")),
        I("每万人口高价值发明专利拥有量", "件", T(Z, 20, "每万人口高价值发明专利拥有量达到20件")),
        I("技术合同成交额", "亿元", T(Z, 500, "技术合同成交额达到500亿元左右", "~")),
        I(
            "高新技术产业增加值占规模以上工业增加值比重",
            "%",
            T(Z, 50, "高新技术产业增加值占规模以上工业增加值比重达到百分之五十"),
        ),
        I(
            "省级以上重点实验室和工程研究中心",
            "家",
            T(2026, 30, "到2026年，新建省级以上重点实验室和工程研究中心30家", ">=", "increment"),
        ),
        I("新型研发机构", "家", T(2028, 50, "到2028年，全市新型研发机构达到50家")),
        I("省级以上新型研发机构", "家", T(2028, 20, "其中省级以上新型研发机构20家"), note="其中项"),
        I(
            "高层次科技人才团队",
            "个",
            T(2028, 100, "引进和培育高层次科技人才团队100个", ">=", "increment"),
            note="分句无年份，承前一分句的2028年",
        ),
    ],
    "series": [],
    "tasks": [],
}

# 6 ---------------------------------------------------------------- 安溪县 工作要点
W = 2027
t1, t2, t3, t4 = "强化企业创新主体地位", "提升创新平台能级", "加速科技成果转化", "优化科技创新生态"
DOCS["w_fj_anxi_gongzuoyaodian.txt"] = {
    "document": D(
        "2027年全县科技工作要点", "安溪县科学技术局", "安溪县", "安科〔2027〕6号", "2027-02-22", 2027, 2027
    ),
    "indicators": [
        I(
            "全社会研发经费投入",
            "%",
            T(W, 20, "全社会研发经费投入增长两成以上", ">=", "growth"),
            note="两成=20%",
        ),
        I(
            "高新技术企业",
            "家",
            [T(W, 25, "新增高新技术企业25家", ">=", "increment"), T(W, 160, "高新技术企业总数达到160家")],
        ),
        I("科技型中小企业评价入库", "家", T(W, 320, "科技型中小企业评价入库达到320家")),
        I("规上工业企业研发活动覆盖率", "%", T(W, 45, "规上工业企业研发活动覆盖率达到45%")),
        I("技术合同登记额", "亿元", T(W, 12, "技术合同登记额突破12亿元", ">")),
        I("省级以上创新平台", "个", T(W, 6, "新增省级以上创新平台6个", ">=", "increment")),
        I("每万人口高价值发明专利拥有量", "件", T(W, 5.2, "每万人口高价值发明专利拥有量达到5.2件")),
        I("县级财政科技投入", "%", T(W, 10, "县级财政科技投入增长不低于10%", ">=", "growth")),
        I(
            "省、市、县三级科技特派员",
            "名",
            T(W, 150, "全年选派省、市、县三级科技特派员150名以上", ">=", "increment"),
            note="重点工作第5项",
        ),
    ],
    "series": [],
    "tasks": [
        task("1", "实施高新技术企业倍增行动", t1, ["高新技术科"], W),
        task("2", "推动科技型中小企业扩面提质", t1, ["高新技术科", "政策法规科"], W),
        task("3", "加快建设安溪茶产业技术研究院", t2, ["农村科技科", "县茶业发展中心"], W),
        task("4", "推进省级以上创新平台建设", t2, ["资源配置与管理科"], W),
        task("5", "深化科技特派员制度", t3, ["农村科技科"], W),
        task("6", "推动技术市场发展", t3, ["成果转化科"], W),
        task("7", "落实科技惠企政策", t4, ["办公室", "政策法规科"], W),
    ],
}

# 7 ---------------------------------------------------------------- 旌阳高新区 park
area = "园区科技企业孵化载体面积三年分别达到20万、26万、32万平方米"
DOCS["w_sc_jingyang_park.txt"] = {
    "document": D(
        "旌阳高新技术产业园区科技创新引领产业提质行动方案",
        "德阳市旌阳区人民政府",
        "旌阳区",
        "旌府发〔2026〕5号",
        "2026-03-16",
        2026,
        2028,
    ),
    "indicators": [
        I("规上工业总产值", "亿元", T(Y, 450, "高新区规上工业总产值突破四百五十亿元", ">")),
        I(
            "高端装备制造和新材料产业产值占园区工业总产值比重",
            "%",
            T(Y, 60, "高端装备制造和新材料产业产值占园区工业总产值比重达到六成"),
            note="六成=60%",
        ),
        I("吸纳就业", "万人", T(Y, 2, "带动吸纳2万人就业")),
        I("高新技术企业数量", "家", T(Y, 80, "高新技术企业数量实现翻番，达到80家")),
        I("省级以上研发平台", "个", T(Y, 10, "新增省级以上研发平台10个", ">=", "increment")),
        I("国家级研发平台", "个", T(Y, 2, "其中国家级2个", ">=", "increment"), note="其中项"),
        I(
            "园区科技企业孵化载体面积",
            "万平方米",
            [T(2026, 20, area), T(2027, 26, area), T(2028, 32, area)],
            note="三年分别达到",
        ),
        I("规上工业企业研发经费投入强度", "%", T(Y, 2.5, "规上工业企业研发经费投入强度达到2.5%")),
        I(
            "单位工业增加值能耗",
            "吨标准煤/万元",
            T(Y, 0.55, "单位工业增加值能耗控制在0.55吨标准煤/万元以内", "<="),
        ),
        I("工业用地亩均税收", "万元", T(2027, 25, "到二〇二七年，工业用地亩均税收达到25万元")),
    ],
    "series": [],
    "tasks": [],
}

# 8 ---------------------------------------------------------------- 浙江省科技厅
DOCS["w_zj_kejiting_province.txt"] = {
    "document": D(
        "浙江省科技企业“量质双升”行动计划（2026—2028年）",
        "浙江省科学技术厅",
        "浙江省",
        "浙科发高〔2026〕15号",
        "2026-04-02",
        2026,
        2028,
    ),
    "indicators": [
        I("高新技术企业数量", "万家", T(Y, 6.5, "全省高新技术企业数量达到6.5万家")),
        I(
            "科技型中小企业数量",
            "万家",
            [
                T(Y, 15, "科技型中小企业数量达到15万家"),
                T(Y, 1, "每年新增科技型中小企业1万家以上", ">=", "annual"),
            ],
        ),
        I("每万家企业法人中高新技术企业数量", "家", T(Y, 200, "每万家企业法人中高新技术企业数量达到200家")),
        I("营业收入超百亿元的科技领军企业", "家", T(Y, 100, "营业收入超百亿元的科技领军企业达到100家")),
        I("国家级专精特新“小巨人”企业", "家", T(Y, 2000, "国家级专精特新“小巨人”企业达到2000家")),
        I(
            "高新技术产业增加值占规上工业增加值比重",
            "%",
            T(Y, 70, "高新技术产业增加值占规上工业增加值比重达到70%左右", "~"),
        ),
        I("企业研发投入占全社会研发投入比重", "%", T(Y, 80, "企业研发投入占全社会研发投入比重稳定在80%以上")),
        I(
            "科技企业发展指数",
            None,
            T(Y, 150, "全省科技企业发展指数达到150（以2025年为100）"),
            baseline=(2025, 100),
            note="以2025年为100",
        ),
        I("上市科技企业", "家", T(Y, 150, "三年累计新增上市科技企业150家", ">=", "increment")),
    ],
    "series": [],
    "tasks": [],
}


def doc_text(path):
    raw = path.read_bytes()
    if path.suffix == ".html":
        enc = "gbk" if b"charset=gb2312" in raw[:600] else "utf-8"
        s = raw.decode(enc)
        s = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", s, flags=re.S)
        s = re.sub(r"<[^>]+>", " ", s)
        return html.unescape(s)
    return raw.decode("utf-8")


KEYS_DOC = {"title", "issuer", "region", "doc_number", "issued", "period"}
KEYS_IND = {"name", "category", "unit", "attribute", "source", "note", "baseline", "targets", "actuals"}
KEYS_T = {"year", "value", "comparator", "kind", "text"}


def check(stem, gold, text):
    assert set(gold) == {"document", "indicators", "series", "tasks"}
    assert set(gold["document"]) == KEYS_DOC
    start, end = gold["document"]["period"]["start"], gold["document"]["period"]["end"]
    for ind in gold["indicators"]:
        assert set(ind) == KEYS_IND, ind
        for t in ind["targets"]:
            assert set(t) == KEYS_T
            assert t["comparator"] in {">=", ">", "<=", "~", "=", "relative"}
            assert t["kind"] in {"level", "growth", "increment", "annual"}
            assert start <= t["year"] <= end, (stem, t)
            if t["text"] not in text:
                raise SystemExit(f"{stem}: text not in document: {t['text']}")
            if t["kind"] == "growth":
                assert ind["unit"] == "%"
    for tk in gold["tasks"]:
        for piece in (tk["goal"], tk["title"]):
            assert piece in text, piece
        for o in tk["owners"]:
            assert o in text, o


def main():
    GOLD.mkdir(exist_ok=True)
    for name, gold in DOCS.items():
        path = HERE / name
        stem = path.stem
        check(stem, gold, doc_text(path))
        out = GOLD / f"{stem}.json"
        out.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        json.loads(out.read_text(encoding="utf-8"))
        n_t = sum(len(i["targets"]) for i in gold["indicators"])
        n_b = sum(1 for i in gold["indicators"] if i["baseline"])
        print(
            f"{stem}: {len(gold['indicators'])} indicators, {n_t} targets, {n_b} baselines, "
            f"{len(gold['tasks'])} tasks"
        )


if __name__ == "__main__":
    main()
