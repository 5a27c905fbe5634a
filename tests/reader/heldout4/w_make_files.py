#!/usr/bin/env python3
"""Rebuild w_sd_yantai_saved.html (saved web page declaring charset=gb2312, bytes in GBK as real sites serve).

The other w_ documents are plain text written by hand; this one is generated
because it must be stored in GBK.  Run:  python3 w_make_files.py
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

NAV = ["首页", "政务公开", "政务服务", "互动交流", "数据开放", "走进烟台", "专题专栏"]
SUBNAV = [
    "领导信息",
    "机构职能",
    "政策文件",
    "政策解读",
    "规划计划",
    "财政信息",
    "重点领域",
    "人事信息",
    "统计信息",
    "政府公报",
]
SIDEBAR = [
    "烟台市人民政府关于加快建设区域科技创新中心的实施意见",
    "《烟台市科技创新行动计划（2026—2028年）》政策解读",
    "烟台市高新技术企业培育扶持办法",
    "烟台市科技企业孵化器管理办法（修订）",
    "关于推动海洋科技创新高质量发展的若干措施",
    "烟台市“十五五”科技创新规划编制工作方案",
]

ROWS = [
    # (category, rowspan or 0, no, name, unit, base, target, attr)
    ("创新投入", 2, "1", "全社会研发经费投入强度", "%", "2.85", "3.3", "预期性"),
    (None, 0, "2", "规模以上工业企业研发机构覆盖率", "%", "48", "60", "预期性"),
    ("创新主体", 2, "3", "高新技术企业数量", "家", "2860", "4000", "预期性"),
    (None, 0, "4", "科技型中小企业数量", "家", "4500", "9000", "预期性"),
    ("创新平台", 2, "5", "省级以上创新平台数量", "家", "1150", "1400", "预期性"),
    (None, 0, "6", "科技企业孵化器和众创空间数量", "家", "118", "150", "预期性"),
    ("创新产出", 3, "7", "每万人口高价值发明专利拥有量", "件", "12.6", "18", "预期性"),
    (None, 0, "8", "技术合同成交额", "亿元", "382", "600", "预期性"),
    (None, 0, "9", "高新技术产业产值占规模以上工业总产值比重", "%", "58.2", "63", "预期性"),
]


def table_html():
    out = [
        '<table width="96%" border="1" cellspacing="0" cellpadding="4" align="center" '
        'style="border-collapse:collapse;font-size:14px;">',
        "<tbody>",
        '<tr style="background:#f2f2f2;"><td align="center"><b>类别</b></td>'
        '<td align="center"><b>序号</b></td><td align="center"><b>指标名称</b></td>'
        '<td align="center"><b>单位</b></td><td align="center"><b>2025年<br />基期值</b></td>'
        '<td align="center"><b>2028年<br />目标值</b></td><td align="center"><b>指标属性</b></td></tr>',
    ]
    for cat, span, no, name, unit, base, target, attr in ROWS:
        cells = []
        if cat:
            cells.append(f'<td rowspan="{span}" align="center" valign="middle">{cat}</td>')
        cells += [
            f'<td align="center">{no}</td>',
            f"<td>{name}</td>",
            f'<td align="center">{unit}</td>',
            f'<td align="center">{base}</td>',
            f'<td align="center">{target}</td>',
            f'<td align="center">{attr}</td>',
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


ARTICLE = """
<p align="center" style="text-align:center;">烟政办字〔2026〕11号</p>
<p>各区市人民政府（管委），市政府各部门、各直属机构，各高等院校：</p>
<p>　　《烟台市科技创新行动计划（2026—2028年）》已经市政府同意，现印发给你们，请认真组织实施。</p>
<p align="right" style="text-align:right;">烟台市人民政府办公室</p>
<p align="right" style="text-align:right;">2026年2月27日</p>
<p>　　（此件公开发布）</p>
<p>&nbsp;</p>
<p align="center" style="text-align:center;"><strong><span style="font-size:22px;">烟台市科技创新行动计划（2026—2028年）</span></strong></p>
<p>　　为深入实施创新驱动发展战略，加快建设具有全国影响力的区域科技创新中心，推动新旧动能转换取得新突破，根据《山东省科技创新发展规划》和《烟台市国民经济和社会发展第十四个五年规划和2035年远景目标纲要》，结合我市实际，制定本行动计划。</p>
<h2 style="font-size:16px;">一、总体要求</h2>
<p>　　坚持坚持以新时代中国特色社会主义思想为指引，深入贯彻党的二十大和二十届历次全会精神，深入落实省委、省政府关于建设科技强省的部署要求，坚持“四个面向”，以提升自主创新能力为主线，以企业为主体、市场为导向，强化产学研深度融合，着力构建“基础研究＋技术攻关＋成果产业化＋科技金融＋人才支撑”全过程创新生态链，为加快建设新时代现代化国际滨海城市提供有力科技支撑。</p>
<p>　　“十四五”以来，全市科技创新工作取得显著成效。2025年，全市高新技术企业达到2860家，技术合同成交额382亿元，烟台国家海洋经济发展示范区、中国（山东）自由贸易试验区烟台片区创新功能不断增强。但也要看到，我市高端创新资源总量仍然不足，企业创新能力梯次分布不均，科技成果就地转化水平有待提高。</p>
<h2 style="font-size:16px;">二、发展目标</h2>
<p>　　到2028年，全市创新型城市建设迈上新台阶，区域创新能力保持全省前5位，科技创新对产业发展的支撑引领作用显著增强，基本建成具有全国影响力的海洋科技创新高地和先进制造业创新策源地。</p>
<p>　　——创新主体不断壮大。高新技术企业达到4000家，科技型中小企业数量实现倍增，达到9000家；营业收入超10亿元的高新技术企业达到120家，培育形成一批具有核心竞争力的创新型领军企业。</p>
<p>　　——创新平台提档升级。省级以上创新平台达到1400家，国家级和省级科技企业孵化器分别达到12家和60家，布局建设一批高水平新型研发机构和概念验证中心。</p>
<p>　　——创新投入持续增加。全社会研发经费投入强度达到3.3%以上，规模以上工业企业研发机构覆盖率达到60%，每年实施省级以上重大科技创新工程项目50项以上。</p>
<p>　　——创新产出量质齐升。每万人口高价值发明专利拥有量达到18件，技术合同成交额达到600亿元，高新技术产业产值占规模以上工业总产值比重达到63%。</p>
<p align="center" style="text-align:center;"><strong>烟台市科技创新主要指标</strong></p>
{TABLE}
<h2 style="font-size:16px;">三、重点任务</h2>
<p>　　<strong>（一）实施科技企业培育壮大行动。</strong>完善“科技型中小企业—高新技术企业—瞪羚企业—独角兽企业”梯次培育机制，建立高新技术企业后备库，实行动态管理、精准服务。落实高新技术企业认定奖励政策，对首次认定的高新技术企业给予一次性奖励10万元。支持行业领军企业牵头组建创新联合体，承担国家和省重大科技项目。</p>
<p>　　<strong>（二）实施创新平台能级提升行动。</strong>积极对接国家战略科技力量，支持烟台大学、中科院烟台海岸带研究所等高校院所建设高能级创新平台。围绕绿色石化、高端装备、新能源、生物医药、海洋经济等优势产业，布局建设省级以上技术创新中心、工程技术研究中心和重点实验室。对新认定的国家级科技企业孵化器给予一次性奖励200万元。</p>
<p>　　<strong>（三）实施关键核心技术攻关行动。</strong>聚焦产业链关键环节，实施市级重大科技创新工程，推行“揭榜挂帅”“赛马制”等项目组织方式，集中力量突破一批“卡脖子”技术和关键零部件。</p>
<p>　　<strong>（四）实施科技成果转化提速行动。</strong>建设烟台市技术市场和科技成果转化服务平台，培育专业化技术转移机构和技术经理人队伍，推动高校院所科技成果在烟就地转化。</p>
<p>　　<strong>（五）实施科技人才引育行动。</strong>深化“烟台英才”引育计划，面向全球引进一批高层次创新人才和团队，完善人才评价、激励和服务保障机制。</p>
<h2 style="font-size:16px;">四、保障措施</h2>
<p>　　<strong>（一）加强组织领导。</strong>发挥市科技创新委员会统筹作用，建立市、区两级联动推进机制，各区市、各部门要结合实际制定具体落实措施。</p>
<p>　　<strong>（二）加大投入保障。</strong>健全财政科技投入稳定增长机制，发挥政府引导基金撬动作用，引导社会资本投向科技创新领域。</p>
<p>　　<strong>（三）强化督导考核。</strong>将主要指标纳入区市高质量发展综合绩效考核，由市科技局会同有关部门开展年度监测评估，定期通报进展情况。</p>
"""


def page():
    nav = "\n".join(
        f'<li><a href="/col/col{1000 + i}/index.html" target="_blank">{n}</a></li>' for i, n in enumerate(NAV)
    )
    subnav = " | ".join(f'<a href="/col/col{2000 + i}/index.html">{n}</a>' for i, n in enumerate(SUBNAV))
    side = "\n".join(
        f'<li><a href="/art/2026/3/{5 + i}/art_11321_29{40 + i}.html" title="{s}" target="_blank">{s}</a></li>'
        for i, s in enumerate(SIDEBAR)
    )
    title = "烟台市人民政府办公室关于印发烟台市科技创新行动计划（2026—2028年）的通知"
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{title}_市政府办文件_烟台市人民政府</title>
<meta name="SiteName" content="烟台市人民政府" />
<meta name="SiteDomain" content="www.yantai.gov.cn" />
<meta name="SiteIDCode" content="3706000004" />
<meta name="ColumnName" content="市政府办文件" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2026-03-04 16:20" />
<meta name="ContentSource" content="烟台市人民政府办公室" />
<link href="/script/css/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/script/jquery.min.js"></script>
<script type="text/javascript">
  var _hmt = _hmt || []; /* 访问统计 */
</script>
</head>
<body>
<div class="topbar">
  <div class="w1200"><span class="date" id="today"></span>
  <a href="/">烟台市人民政府</a> | <a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="/col/col9/index.html">English</a> | <a href="/col/col10/index.html">长者模式</a> | <a href="https://tysfrz.shandong.gov.cn">登录</a></div>
</div>
<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="烟台市人民政府" /></a>
<form class="search" action="/jsearchfront/search.do" method="get"><input type="text" name="q" placeholder="请输入关键字" /><input type="submit" value="搜索" /></form></div></div>
<div class="nav"><ul class="w1200">
{nav}
</ul></div>
<div class="subnav w1200">{subnav}</div>
<div class="w1200 main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1001/index.html">政务公开</a> &gt; <a href="/col/col2002/index.html">政策文件</a> &gt; <a href="/col/col20021/index.html">市政府办文件</a></div>
<div class="left">
<table class="xxgk_info" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="tit">索 引 号：</td><td>11370600004300051X/2026-00417</td><td class="tit">发布机构：</td><td>烟台市人民政府办公室</td></tr>
<tr><td class="tit">主题分类：</td><td>科技、教育</td><td class="tit">成文日期：</td><td>2026-02-27</td></tr>
<tr><td class="tit">文　　号：</td><td>烟政办字〔2026〕11号</td><td class="tit">发布日期：</td><td>2026-03-04</td></tr>
<tr><td class="tit">名　　称：</td><td colspan="3">{title}</td></tr>
</table>
<div class="article">
<h1 class="art_title">{title}</h1>
<div class="art_info">发布日期：2026-03-04 16:20　　信息来源：烟台市人民政府办公室　　浏览次数：<span id="hits">2471</span>　　字体：〖<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>〗</div>
<div id="zoom" class="art_con">
{ARTICLE.replace("{TABLE}", table_html())}
</div>
<div class="art_tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="share">分享到：<a class="wx" href="javascript:void(0)">微信</a> <a class="wb" href="javascript:void(0)">微博</a></div>
</div>
</div>
<div class="right">
<div class="box"><div class="box_tit">相关文件</div><ul class="list">
{side}
</ul></div>
<div class="box"><div class="box_tit">热点专题</div><ul class="list">
<li><a href="/col/col30101/index.html">优化营商环境</a></li>
<li><a href="/col/col30102/index.html">新旧动能转换</a></li>
<li><a href="/col/col30103/index.html">我为群众办实事</a></li>
</ul></div>
</div>
</div>
<div class="footer"><div class="w1200">
<p><a href="/col/col11/index.html">网站地图</a> | <a href="/col/col12/index.html">联系我们</a> | <a href="/col/col13/index.html">网站声明</a> | <a href="/col/col14/index.html">隐私保护</a></p>
<p>主办单位：烟台市人民政府办公室　承办单位：烟台市大数据局</p>
<p>网站标识码：3706000004　<a href="https://beian.miit.gov.cn" target="_blank">鲁ICP备05011230号</a>　<img src="/images/ga.png" alt="" />鲁公网安备 37060202000158号</p>
<p>建议使用1366×768分辨率浏览本网站</p>
</div></div>
<script type="text/javascript" src="/script/common.js"></script>
</body>
</html>
"""


def main():
    html = page()
    (HERE / "w_sd_yantai_saved.html").write_bytes(html.encode("gbk"))


if __name__ == "__main__":
    main()
