#!/usr/bin/env python3
"""Write gold/<stem>.json for this writer's documents (w_*) and check them.

Checks: every target/baseline is well-formed, every target `text` longer than a bare
number occurs verbatim in the document text (HTML decoded with its own charset), every
task's owners occur in the document.
"""

import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"


def T(year, value, comparator, kind, text):
    return {"year": year, "value": value, "comparator": comparator, "kind": kind, "text": text}


def I(name, unit, targets, baseline=None, category=None, attribute=None, source=None, note=None):
    return {
        "name": name,
        "category": category,
        "unit": unit,
        "attribute": attribute,
        "source": source,
        "note": note,
        "baseline": None if baseline is None else {"year": baseline[0], "value": baseline[1]},
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


GE, GT, LE, AB = ">=", ">", "<=", "~"
LV, GR, INC, ANN = "level", "growth", "increment", "annual"

docs = {}

# 1. Xinxiang (Henan), flattened web page -------------------------------------------
docs["w_henan_xinxiang_kjcx_xdfa_2026_2028_web"] = (
    "txt",
    {
        "document": D(
            "新乡市科技创新行动方案（2026—2028年）",
            "新乡市人民政府办公室",
            "新乡市",
            "新政办〔2026〕11号",
            "2026-03-16",
            2026,
            2028,
        ),
        "indicators": [
            I(
                "区域创新能力位次",
                "位",
                [T(2028, 5, LE, LV, "区域创新能力位次保持全省前5位")],
                note="位次，越小越好：保持全省前5位",
            ),
            I(
                "全社会研发经费投入",
                "%",
                [T(2028, 12, GE, GR, "全社会研发经费投入年均增长12%以上")],
                note="年均增长",
            ),
            I("研发投入强度", "%", [T(2028, 2.4, AB, LV, "研发投入强度达到2.4%左右")]),
            I(
                "财政科技支出占一般公共预算支出的比重",
                "%",
                [T(2028, 3, GE, LV, "财政科技支出占一般公共预算支出的比重不低于3%")],
            ),
            I(
                "高新技术企业数量",
                "家",
                [T(2028, 1300, GE, LV, "高新技术企业数量由2025年的862家增加到1300家以上")],
                baseline=(2025, 862),
            ),
            I(
                "科技型中小企业评价入库数量",
                "家",
                [T(2028, 2500, GE, LV, "科技型中小企业评价入库数量突破2500家")],
            ),
            I("省级以上研发平台", "家", [T(2028, 480, GE, LV, "省级以上研发平台达到480家")]),
            I(
                "国家级研发平台",
                "家",
                [T(2028, 16, GE, LV, "其中国家级研发平台16家")],
                note="“其中”子目标，属省级以上研发平台",
            ),
            I("中试基地", "个", [T(2028, 5, GE, INC, "新建五个中试基地")], note="中文数字“五个”"),
            I("技术合同成交额", "亿元", [T(2028, 160, GE, LV, "技术合同成交额达到160亿元")]),
            I(
                "每万人口高价值发明专利拥有量",
                "件",
                [T(2028, 4.2, GE, LV, "每万人口高价值发明专利拥有量达到4.2件")],
            ),
            I(
                "高新技术产业增加值占规模以上工业增加值的比重",
                "%",
                [T(2028, 52, GE, LV, "高新技术产业增加值占规模以上工业增加值的比重达到52%")],
            ),
            I(
                "创新联合体",
                "家",
                [T(2028, 20, GE, LV, "创新联合体方面，到2028年组建20家")],
                note="重点任务3；指标名在数字前的分句中",
            ),
            I(
                "科技成果对接活动",
                "场",
                [T(2028, 20, GE, ANN, "每年举办科技成果对接活动20场以上")],
                note="每年；句中无年份，记方案期末2028年",
            ),
            I(
                "市级科技特派员",
                "名",
                [T(2028, 300, GE, ANN, "每年选派市级科技特派员300名以上")],
                note="每年；句中无年份，记方案期末2028年",
            ),
        ],
        "series": [],
        "tasks": [],
    },
)

# 2. Qixian (Shanxi), saved GBK page with indicator table ------------------------------
docs["w_shanxi_qixian_kjcx_15th_plan"] = (
    "html",
    {
        "document": D("祁县科技创新“十五五”规划", "祁县科学技术局", "祁县", None, "2026-05-08", 2026, 2030),
        "indicators": [
            I(
                "全社会研发经费投入强度",
                "%",
                [T(2030, 2.2, GE, LV, "2.2")],
                baseline=(2025, 1.62),
                category="创新投入",
                attribute="预期性",
                note="正文作“全社会研发经费投入强度达到2.2%”",
            ),
            I(
                "规模以上工业企业研发经费支出年均增速",
                "%",
                [T(2030, 12, GE, GR, "12")],
                category="创新投入",
                attribute="预期性",
                note="2025年栏为“—”；正文作“规模以上工业企业研发经费支出年均增长12%”",
            ),
            I(
                "财政科技支出占一般公共预算支出比重",
                "%",
                [T(2030, 2.5, GE, LV, "≥2.5")],
                baseline=(2025, 1.85),
                category="创新投入",
                attribute="约束性",
                note="正文作“达到2.5%以上”",
            ),
            I(
                "高新技术企业数量",
                "家",
                [T(2028, 110, GE, LV, "到2028年，高新技术企业数量突破110家"), T(2030, 150, GE, LV, "150")],
                baseline=(2025, 78),
                category="创新主体",
                attribute="预期性",
                note="2028年目标仅见正文；2030年目标表与正文一致",
            ),
            I(
                "科技型中小企业数量",
                "家",
                [T(2030, 400, GE, LV, "400")],
                baseline=(2025, 215),
                category="创新主体",
                attribute="预期性",
            ),
            I(
                "新增省级以上专精特新中小企业",
                "家",
                [T(2030, 40, GE, INC, "〔40〕")],
                category="创新主体",
                attribute="预期性",
                note="〔〕内为“十五五”期间五年累计数；2025年栏为“—”；正文作“‘十五五’期间新增省级以上专精特新中小企业40家”",
            ),
            I(
                "省级以上研发平台",
                "个",
                [T(2030, 60, GE, LV, "60")],
                baseline=(2025, 36),
                category="创新平台",
                attribute="预期性",
            ),
            I(
                "每万人口高价值发明专利拥有量",
                "件",
                [T(2030, 2.5, GE, LV, "2.5")],
                baseline=(2025, 0.92),
                category="创新产出",
                attribute="预期性",
            ),
            I(
                "技术合同成交额",
                "亿元",
                [T(2030, 8, GE, LV, "8")],
                baseline=(2025, 3.2),
                category="创新产出",
                attribute="预期性",
            ),
            I(
                "高新技术产业增加值占规模以上工业增加值比重",
                "%",
                [T(2030, 30, GE, LV, "30")],
                baseline=(2025, 18.6),
                category="创新产出",
                attribute="预期性",
                note="正文作“提高到30%”",
            ),
            I(
                "公民具备科学素质的比例",
                "%",
                [T(2030, 16, GE, LV, "16")],
                baseline=(2025, 11.3),
                category="创新环境",
                attribute="预期性",
            ),
            I(
                "县域科技创新能力全省排名",
                "位",
                [T(2030, 30, LE, LV, "县域科技创新能力在全省县（市）创新能力监测评价中排名进入前30位")],
                note="仅见正文；位次，越小越好",
            ),
            I(
                "国家级研发平台",
                None,
                [T(2030, 1, GE, LV, "其中国家级研发平台实现零的突破")],
                note="仅见正文；零的突破；属省级以上研发平台",
            ),
        ],
        "series": [],
        "tasks": [],
    },
)

# 3. Zunyi (Guizhou), 政策解读 + 一图读懂 ------------------------------------------------
docs["w_guizhou_zunyi_kjfn_xdfa_jiedu"] = (
    "html",
    {
        "document": D(
            "遵义市科技创新赋能产业发展三年行动方案（2026—2028年）",
            "遵义市人民政府办公室",
            "遵义市",
            "遵府办发〔2026〕6号",
            "2026-03-27",
            2026,
            2028,
        ),
        "indicators": [
            I(
                "研发经费投入强度",
                "%",
                [T(2028, 1.5, GE, LV, "研发经费投入强度力争达到1.5%")],
                note="一图读懂作“研发经费投入强度：1.5%”",
            ),
            I(
                "高新技术企业",
                "家",
                [T(2028, 700, GE, LV, "高新技术企业突破700家")],
                note="一图读懂作“700家以上”",
            ),
            I("科技型中小企业", "家", [T(2028, 1800, GE, LV, "科技型中小企业达到1800家")]),
            I(
                "重点产业领域省级以上研发平台",
                "个",
                [
                    T(
                        2028,
                        60,
                        GE,
                        LV,
                        "白酒、新材料、现代化工、装备制造等重点产业领域省级以上研发平台不少于60个",
                    )
                ],
            ),
            I("技术合同成交额", "%", [T(2028, 15, GE, GR, "技术合同成交额年均增长15%以上")], note="年均增长"),
            I(
                "每万人口高价值发明专利拥有量",
                "件",
                [T(2028, 1.6, GE, LV, "每万人口高价值发明专利拥有量：1.6件")],
                note="仅见于一图读懂",
            ),
            I("科技领军企业", "家", [T(2028, 10, GE, LV, "培育科技领军企业10家")]),
            I(
                "市级重点科技攻关项目",
                "项",
                [T(2028, 30, GE, ANN, "每年组织实施市级重点科技攻关项目30项以上")],
                note="每年",
            ),
            I(
                "转化应用科技成果",
                "项",
                [T(2028, 200, GE, INC, "三年累计转化应用科技成果200项")],
                note="三年累计",
            ),
            I("科技人才总量", "万人", [T(2028, 5.2, GE, LV, "到2028年全市科技人才总量达到5.2万人")]),
        ],
        "series": [],
        "tasks": [],
    },
)

# 4. Anshan (Liaoning), excerpt starting mid-document ----------------------------------
docs["w_liaoning_anshan_excerpt_midstream"] = (
    "txt",
    {
        "document": D(None, None, "鞍山市", None, None, 2026, 2030),
        "indicators": [
            I(
                "全社会研发经费投入强度",
                "%",
                [T(2027, 2.6, AB, LV, "全社会研发经费投入强度达到2.6%左右")],
                note="年份来自前句“到2027年”",
            ),
            I(
                "高新技术企业总数",
                "家",
                [
                    T(2027, 900, GT, LV, "高新技术企业总数超过900家"),
                    T(2030, 1500, GE, LV, "科技型中小企业、高新技术企业分别达到2500家、1500家"),
                ],
                note="2030年目标在“分别”列举中，年份来自引导句“到2030年……主要实现以下目标：”",
            ),
            I(
                "技术合同成交额",
                "亿元",
                [T(2027, 200, GE, LV, "技术合同成交额由2025年的126亿元提高到200亿元")],
                baseline=(2025, 126),
                note="年份来自前句“到2027年”",
            ),
            I(
                "规模以上工业企业中有研发活动的企业占比",
                "%",
                [T(2027, 45, GE, LV, "规模以上工业企业中有研发活动的企业占比达到45%以上")],
                note="年份来自前两句的“到2027年”",
            ),
            I(
                "规模以上工业企业研发机构覆盖率",
                "%",
                [
                    T(2027, 40, GE, LV, "到2027年规模以上工业企业研发机构覆盖率达到40%"),
                    T(2030, 55, GE, LV, "到2030年，覆盖率提高到55%"),
                ],
            ),
            I(
                "菱镁新材料产业产值",
                "亿元",
                [T(2030, 500, GE, LV, "菱镁新材料产业产值突破500亿元")],
                note="年份来自同句“；”后的“到2030年”",
            ),
            I(
                "科技型中小企业",
                "家",
                [T(2030, 2500, GE, LV, "科技型中小企业、高新技术企业分别达到2500家、1500家")],
            ),
            I(
                "省级以上重点实验室、工程技术研究中心等研发平台",
                "个",
                [T(2030, 320, GE, LV, "省级以上重点实验室、工程技术研究中心等研发平台达到320个")],
            ),
            I("国家级平台", "个", [T(2030, 8, GE, LV, "其中国家级平台8个")], note="“其中”子目标"),
            I(
                "全国重点实验室",
                None,
                [T(2030, 1, GE, LV, "力争实现全国重点实验室零的突破")],
                note="零的突破",
            ),
            I(
                "每万名就业人员中研发人员",
                "人年",
                [T(2030, 70, GE, LV, "每万名就业人员中研发人员达到70人年")],
            ),
            I(
                "高层次创新创业人才（团队）",
                "个",
                [T(2030, 300, GE, INC, "累计引进培育高层次创新创业人才（团队）300个")],
            ),
        ],
        "series": [],
        "tasks": [],
    },
)


# 5. Rongxian (Guangxi) 县科技局 2027年工作要点 ----------------------------------------
def task(code, goal, title, owners):
    return {"code": code, "goal": goal, "title": title, "owners": owners, "deadline": 2027}


docs["w_guangxi_rongxian_kjj_gzyd_2027"] = (
    "txt",
    {
        "document": D(
            "容县科学技术局2027年工作要点",
            "容县科学技术局",
            "容县",
            "容科发〔2027〕2号",
            "2027-02-14",
            2027,
            2027,
        ),
        "indicators": [
            I(
                "全社会研发经费投入",
                "%",
                [T(2027, 15, GE, GR, "全年全社会研发经费投入增长15%以上")],
                note="增长率",
            ),
            I("研发投入强度", "%", [T(2027, 2.1, GE, LV, "研发投入强度达到2.1%")]),
            I("新增高新技术企业", "家", [T(2027, 20, GE, INC, "新增高新技术企业20家")]),
            I(
                "有效期内高新技术企业总数",
                "家",
                [T(2027, 110, GE, LV, "有效期内高新技术企业总数达到110家以上")],
            ),
            I("科技型中小企业评价入库", "家", [T(2027, 120, GE, LV, "科技型中小企业评价入库120家以上")]),
            I("技术合同登记成交额", "亿元", [T(2027, 7, GE, LV, "技术合同登记成交额达到7亿元")]),
            I("自治区级以上创新平台", "个", [T(2027, 3, GE, INC, "新增自治区级以上创新平台3个")]),
            I("公民具备科学素质的比例", "%", [T(2027, 13.5, GE, LV, "公民具备科学素质的比例达到13.5%")]),
            I(
                "高新技术企业培育库入库培育企业",
                "家",
                [T(2027, 40, GE, LV, "入库培育企业不少于40家")],
                note="任务1",
            ),
            I(
                "自治区级工程技术研究中心",
                "家",
                [T(2027, 1, GE, INC, "力争新增自治区级工程技术研究中心1家")],
                note="任务3",
            ),
            I(
                "产学研合作项目",
                "个",
                [T(2027, 15, GE, INC, "全年签约产学研合作项目15个以上")],
                note="任务6；全年签约",
            ),
            I(
                "科技特派员",
                "名",
                [T(2027, 80, GE, INC, "全年选派自治区、市、县三级科技特派员80名")],
                note="任务7；自治区、市、县三级合计；全年选派",
            ),
        ],
        "series": [],
        "tasks": [
            task(
                "1",
                "推进高新技术企业扩量提质",
                "聚力培育创新主体",
                ["县科技局", "县财政局", "县税务局", "县工信局", "各乡镇人民政府"],
            ),
            task(
                "2",
                "抓好科技型中小企业评价入库",
                "聚力培育创新主体",
                ["县科技局", "县工信局", "容县经济开发区管委会"],
            ),
            task("3", "加快研发平台建设", "提升创新平台能级", ["县科技局", "县发改局", "县工信局"]),
            task("4", "推动创新载体提质", "提升创新平台能级", ["容县经济开发区管委会", "县科技局"]),
            task("5", "壮大技术市场", "促进科技成果转移转化", ["县科技局", "县税务局", "县统计局"]),
            task("6", "深化校地合作", "促进科技成果转移转化", ["县科技局", "县工信局", "县农业农村局"]),
            task(
                "7",
                "深化科技特派员制度",
                "科技支撑乡村振兴",
                ["县科技局", "县农业农村局", "县林业局", "各乡镇人民政府"],
            ),
            task("8", "推进农业科技园区建设", "科技支撑乡村振兴", ["县农业农村局", "县科技局", "县供销社"]),
            task(
                "9",
                "落实企业研发激励政策",
                "加大科技投入力度",
                ["县税务局", "县科技局", "县财政局", "县统计局"],
            ),
            task("10", "兑现科技奖补资金", "加大科技投入力度", ["县科技局", "县财政局"]),
            task("11", "加强科学普及", "营造良好创新环境", ["县科协", "县科技局", "县教育局"]),
            task("12", "加强科技统计和监测", "营造良好创新环境", ["县统计局", "县科技局"]),
        ],
    },
)

# 6. Baotou (Inner Mongolia) 开发区实施意见, whole page on one line ----------------------
docs["w_neimenggu_baotou_xtgxq_ssyj_oneline"] = (
    "txt",
    {
        "document": D(
            "包头市人民政府关于加快推进包头稀土高新技术产业开发区高质量发展的实施意见",
            "包头市人民政府",
            "包头稀土高新技术产业开发区",
            "包府发〔2026〕12号",
            "2026-04-09",
            2026,
            2030,
        ),
        "indicators": [
            I(
                "地区生产总值",
                "%",
                [T(2028, 8, AB, GR, "稀土高新区地区生产总值年均增长8%左右")],
                note="年均增长",
            ),
            I(
                "研发经费投入强度",
                "%",
                [T(2028, 3.5, GE, LV, "研发经费投入强度达到3.5%")],
                note="2025年2.7%为前句现状，不作基数",
            ),
            I(
                "高新技术企业数量",
                "家",
                [
                    T(2028, 420, GE, LV, "高新技术企业数量达到420家"),
                    T(2030, 600, GE, LV, "高新技术企业数量达到600家"),
                ],
            ),
            I(
                "稀土功能材料及终端应用产业产值",
                "亿元",
                [T(2028, 1500, GE, LV, "稀土功能材料及终端应用产业产值突破1500亿元")],
            ),
            I("国家级创新平台", "个", [T(2030, 12, GE, LV, "国家级、自治区级创新平台分别达到12个、60个")]),
            I("自治区级创新平台", "个", [T(2030, 60, GE, LV, "国家级、自治区级创新平台分别达到12个、60个")]),
            I(
                "全国国家高新区综合评价排名",
                "位",
                [T(2030, 60, LE, LV, "在全国国家高新区综合评价中的排名进入前60位")],
                note="位次，越小越好",
            ),
            I(
                "万元工业增加值能耗",
                "吨标准煤",
                [T(2030, 1.1, LE, LV, "万元工业增加值能耗控制在1.1吨标准煤以内")],
            ),
            I(
                "科技型中小企业",
                "家",
                [
                    T(2030, 1000, GE, LV, "在科技型中小企业培育上，力争到2030年达到1000家"),
                    T(2030, 100, GE, ANN, "每年新增100家以上"),
                ],
                note="重点任务（二）；指标名在数字前的分句中；另有每年新增100家以上",
            ),
        ],
        "series": [],
        "tasks": [],
    },
)


def doc_text(stem, ext):
    raw = (HERE / f"{stem}.{ext}").read_bytes()
    if ext == "html":
        head = raw[:2000].decode("ascii", "ignore").lower()
        enc = "gbk" if "gb2312" in head or "gbk" in head else "utf-8"
        text = raw.decode(enc)
        text = re.sub(r"<[^>]+>", "", text)
        return html.unescape(text)
    return raw.decode("utf-8")


KEYS_DOC = {"title", "issuer", "region", "doc_number", "issued", "period"}
KEYS_IND = {"name", "category", "unit", "attribute", "source", "note", "baseline", "targets", "actuals"}
KEYS_T = {"year", "value", "comparator", "kind", "text"}


def check(stem, ext, gold):
    text = doc_text(stem, ext)
    flat = re.sub(r"\s+", "", text)
    assert set(gold) == {"document", "indicators", "series", "tasks"}
    assert set(gold["document"]) == KEYS_DOC
    p = gold["document"]["period"]
    for ind in gold["indicators"]:
        assert set(ind) == KEYS_IND, ind["name"]
        assert ind["targets"]
        for t in ind["targets"]:
            assert set(t) == KEYS_T
            assert t["comparator"] in {">=", ">", "<=", "~", "=", "relative"}
            assert t["kind"] in {"level", "growth", "increment", "annual"}
            assert p["start"] <= t["year"] <= p["end"], (ind["name"], t)
            assert isinstance(t["value"], (int, float))
            if re.sub(r"\s", "", t["text"]) not in flat:
                raise AssertionError(f"{stem}: text not in document: {t['text']}")
            if len(t["text"]) > 6:
                num = "%g" % t["value"]
                assert num in t["text"] or t["text"].endswith("零的突破") or "五个" in t["text"], (
                    ind["name"],
                    t,
                )
        if ind["baseline"]:
            assert str(ind["baseline"]["value"]).rstrip("0").rstrip(".") in flat, ind["name"]
    for tk in gold["tasks"]:
        assert tk["goal"] in flat and tk["title"] in flat, tk
        for o in tk["owners"]:
            assert o in flat, o
    n_t = sum(len(i["targets"]) for i in gold["indicators"])
    n_b = sum(1 for i in gold["indicators"] if i["baseline"])
    return len(gold["indicators"]), n_t, n_b, len(gold["tasks"])


def main():
    GOLD.mkdir(exist_ok=True)
    for stem, (ext, gold) in docs.items():
        counts = check(stem, ext, gold)
        (GOLD / f"{stem}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        print(stem, "indicators %d targets %d baselines %d tasks %d" % counts)


if __name__ == "__main__":
    main()
