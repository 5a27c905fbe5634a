"""Word boundaries in plan Chinese: which characters form a verb and which are inside a noun.

Substring matching takes 孵化 inside 孵化器, 与 inside 研究与试验发展 and 建设 inside
建设用地 for verbs; a segmenter does not. jieba is the usual segmenter; its general
dictionary does not know the plans' compound nouns, so a domain dictionary is added
(one private tokenizer, so nothing else that uses jieba is changed). The tokenizer
loads once per process (about half a second, from jieba's cache after the first run).
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

# Compound nouns of S&T plans: each is one word, so the verbs inside them are not verbs.
DOMAIN_NOUNS = (
    "孵化器", "孵化载体", "孵化基地", "孵化面积", "孵化场地", "加速器", "众创空间", "星创天地", "大学科技园",
    "研究与试验发展", "研究与开发", "研发机构", "新型研发机构", "研发中心", "研发投入", "研发经费", "研发费用",
    "高新技术企业", "高新技术产业", "科技型中小企业", "科技型企业", "专精特新", "小巨人", "瞪羚企业", "独角兽企业",
    "规上工业企业", "规模以上工业企业", "工程技术研究中心", "技术创新中心", "企业技术中心", "重点实验室",
    "工程研究中心", "制造业创新中心", "产业创新中心", "院士工作站", "博士后工作站", "博士后创新实践基地",
    "技术转移机构", "技术合同", "技术合同成交额", "概念验证中心", "创新联合体", "中试基地", "公共服务平台",
    "发明专利", "有效发明专利", "高价值发明专利", "知识产权", "成果转化", "科技成果", "创新指数",
    "建设用地", "服务机构", "服务平台", "服务体系", "创业投资", "天使投资", "科技金融", "孵化服务",
    "在孵企业", "毕业企业", "入驻企业", "高层次人才", "领军人才", "创新团队", "创业团队", "产业规模",
    "营业收入", "工业总产值", "地区生产总值", "财政科技支出", "科技支出", "政府引导基金", "增加值",
    "工业增加值", "高新技术产业增加值",
)  # fmt: skip

# Verbs that open an action on the counted object ("构建创新联合体10个"); never part of its name.
ACTION_VERBS = (
    "新增", "建设", "建成", "新建", "打造", "培育", "引进", "创建", "设立", "组建", "形成", "推进", "认定",
    "集聚", "聚集", "汇聚", "引育", "招引", "吸引", "吸纳", "布局", "孵化", "服务", "举办", "开展", "推动",
    "支持", "签约", "转化", "搭建", "带动", "实施", "获批", "创成", "争创", "新认定", "新培育", "落地", "储备",
    "遴选", "构建", "建立", "壮大", "做强", "做大", "发展", "培养", "引培", "招募", "认证", "创设", "扶持",
    "资助", "推广", "建好", "办好", "新设", "成立", "筹建", "升级", "提升", "突破", "达到", "实现", "完成",
    "累计", "保持", "稳定", "超过", "拥有", "新获", "获得", "取得", "申报", "承担", "争取", "力争", "确保",
    "持续", "加快", "加强", "大力", "积极", "着力", "重点", "进一步", "努力", "全面", "基本", "不断", "新引进",
    "新招引", "新落地", "新创建", "新组建", "新集聚", "新布局", "再培育", "入驻", "列入", "入选", "晋升",
    "选派", "净增", "推荐", "组织", "选育", "评选", "评定", "培训",
)  # fmt: skip

# The verbs a name may open with in a sentence but never keeps ("集聚高层次人才500名" names 高层次人才).
# Narrower than ACTION_VERBS: 服务企业、孵化企业、转化成果 are names that start with a verb.
OPENING_VERBS = frozenset(
    (
        "构建", "打造", "集聚", "聚集", "汇聚", "布局", "培育", "引进", "新增", "建设", "建成", "新建", "创建",
        "设立", "组建", "形成", "引育", "招引", "吸引", "吸纳", "搭建", "建立", "壮大", "做强", "做大", "培养",
        "引培", "招募", "创设", "筹建", "成立", "新设", "获批", "创成", "争创", "新认定", "新培育", "新引进",
        "新招引", "储备", "遴选", "带动", "推动", "实现", "达到", "突破", "保持", "拥有", "完成", "累计", "力争",
        "争取", "确保", "持续", "加快", "加强", "大力", "积极", "着力", "进一步", "努力", "全面", "基本", "不断",
        "新落地", "新创建", "新组建", "新集聚", "新布局", "再培育", "推进", "支持", "鼓励", "引导", "新获",
        "选派", "净增", "新增加", "推荐", "组织", "选育", "评选", "评定", "培训", "举办", "开展", "新培养",
    )
)  # fmt: skip

# Verbs that take the counted thing as their object ("构建创新联合体10个", "吸纳2万人就业"); not the
# verbs of reaching a level (达到、突破、保持) nor adverbs (力争、持续), after which the subject names it.
OBJECT_VERBS = OPENING_VERBS - frozenset(
    (
        "达到", "突破", "实现", "保持", "完成", "累计", "力争", "争取", "确保", "持续", "加快", "加强", "大力",
        "积极", "着力", "进一步", "努力", "全面", "基本", "不断", "拥有", "推进", "支持", "鼓励", "引导",
    )
)  # fmt: skip

# Administrative levels that qualify a name (国家级孵化器, 市级和省级…, 国家、省、市级…): shared by the
# rules that split 分别 lists, read level lists as one name and keep levels apart when merging.
LEVEL_WORD = re.compile(r"^(?:国家|国际|全国|省|市|区|县|镇|部|省部)(?:级)?$|^[\u4e00-\u9fff]{0,3}级$")
_LEVEL_IN = re.compile(r"(国家|省|市|区|县|镇)级")


def levels_in(name: str) -> set[str]:
    """The levels a name states: {'国家'} for 国家级孵化器."""
    return set(_LEVEL_IN.findall(name or ""))


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba  # imported here: the reader's other users need not pay for loading it

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with _LOCK:
        tokenizer.initialize()
        for word in DOMAIN_NOUNS:
            tokenizer.add_word(word, freq=200_000, tag="n")
        for word in ("不少于", "不低于", "不超过", "不高于", "控制在", "保持在", "稳定在"):
            tokenizer.add_word(word, freq=50_000, tag="v")
        for word in ACTION_VERBS:
            if len(word) > 1:
                tokenizer.add_word(word, freq=50_000, tag="v")
    return tokenizer


@lru_cache(maxsize=8192)
def cut(text: str) -> tuple[str, ...]:
    """The words of ``text`` (digits and punctuation are words of their own)."""
    if not text:
        return ()
    return tuple(w for w in _tokenizer().cut(text, HMM=False) if w)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word of ``text``, in order."""
    spans, pos = [], 0
    for word in cut(text):
        spans.append((pos, pos + len(word), word))
        pos += len(word)
    return spans


def is_word_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole word here, not part of a longer one (孵化 in 孵化器)."""
    for s, e, _ in word_spans(text):
        if s == start:
            return e == end or _joined_verbs(text[start:e], end - start)
        if s > start:
            return False
        if e > start:
            return False
    return False


def _joined_verbs(word: str, length: int) -> bool:
    """jieba joins a verb and its object at times (引进人才); the verb at its head still counts."""
    head = word[:length]
    return head in ACTION_VERBS and word[length:] not in ("", *_NOUN_TAILS) and len(word) - length >= 2


_NOUN_TAILS = ("器", "体", "者", "站", "点", "所", "园", "区", "地", "家", "额", "量", "率", "费")


def strip_leading_verbs(name: str) -> str:
    """'构建创新联合体' → '创新联合体': action verbs at the head of a name are not the name."""
    for _ in range(4):
        words = cut(name)
        if len(words) < 2 or words[0] not in OPENING_VERBS:
            break
        rest = name[len(words[0]) :]
        if len(re.sub(r"[\W\d]", "", rest)) < 2:
            break
        name = rest
    return name


def has_word(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches a whole word of ``text`` (增加 in 增加值 does not count)."""
    return any(is_word_at(text, m.start(), m.end()) for m in pattern.finditer(text))
