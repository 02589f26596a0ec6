"""Demo typical cases: a dozen cases of Zhejiang's library in the four types, across the demo's
industries, each with its problem, methods, measures, results, key figures and the problems it
helps with (what the suggestions match). Enterprises are named generically (示例)."""

from __future__ import annotations

from typing import Any

# (type, industry, region, 中文名, English name, methods, problem, measures, results,
#  English summary, figures [(名称, before, after, unit, English)], topics)
CASES: list[tuple[Any, ...]] = [
    (
        "improvement",
        "C384",
        "330100",
        "锂电池极片涂布厚度过程能力提升（示例）",
        "Raising the capability of electrode coating thickness in Li-ion cells (demo)",
        "SPC、DOE、测量系统分析",
        "极片涂布厚度 Cpk 长期在 0.9 左右，分容工序容量一致性差，返工率高。",
        "开展量具重复性与再现性分析，更换测厚仪；用正交试验确定浆料黏度与涂布速度的窗口；"
        "在涂布机上实施 X̄-R 控制图和超限自动停机。",
        "六个月后涂布厚度 Cpk 达到 1.45，容量分档合格率明显提高。",
        "Coating thickness Cpk rose from 0.92 to 1.45 after gauge R&R, a designed experiment on "
        "slurry viscosity and coating speed, and X-bar R charts with automatic stop.",
        [
            ("涂布厚度Cpk", "0.92", "1.45", "", "Coating thickness Cpk"),
            ("返工率", "3.8", "0.9", "%", "Rework rate"),
        ],
        ["low_capability:dimension", "evaluation_gap:process_control"],
    ),
    (
        "reliability",
        "C384",
        "330100",
        "储能电池模组热失控防护与寿命验证（示例）",
        "Thermal-runaway protection and life validation of storage battery modules (demo)",
        "FMEA、加速寿命试验、威布尔分析",
        "储能模组在高温循环中容量衰减快，早期失效集中在连接片焊点。",
        "开展设计 FMEA，改进焊接参数并增加焊点拉力全检；以 45℃ 加速循环试验估计寿命分布。",
        "B10 寿命由 2800 次提高到 4600 次循环，现场早期失效下降七成。",
        "B10 life rose from 2,800 to 4,600 cycles after a design FMEA, welding changes and "
        "accelerated cycling at 45 °C analysed with a Weibull fit.",
        [
            ("B10寿命", "2800", "4600", "次", "B10 life (cycles)"),
            ("早期失效率", "1.2", "0.35", "%", "Early failure rate"),
        ],
        ["low_capability:weld strength", "spot_check_failure:锂离子电池"],
    ),
    (
        "improvement",
        "C385",
        "330200",
        "小家电泄漏电流抽查不合格整改（示例）",
        "Correcting a failed spot-check on leakage current of small appliances (demo)",
        "8D、根因分析、防错",
        "电热水壶在省级监督抽查中泄漏电流不合格，原因涉及绝缘材料批次波动。",
        "按 8D 组织整改：隔离库存，追溯绝缘材料批次，增加来料耐压检验和出厂 100% 泄漏电流测试。",
        "复查合格，此后三次抽查均合格，客户投诉下降。",
        "After a failed provincial spot-check on leakage current, an 8D traced insulation "
        "batches; incoming dielectric tests and 100% end-of-line testing followed; re-checks passed.",
        [
            ("泄漏电流", "0.92", "0.18", "mA", "Leakage current"),
            ("抽查合格率", "0", "100", "%", "Spot-check pass rate"),
        ],
        ["spot_check_failure:家用电器", "evaluation_gap:inspection"],
    ),
    (
        "brand",
        "C385",
        "330200",
        "从代工到自主品牌：小家电企业品牌培育（示例）",
        "From contract manufacturing to an own brand in small appliances (demo)",
        "品牌培育管理体系、用户满意度测评",
        "企业以代工为主，利润率低，缺乏自主品牌和用户数据。",
        "按品牌培育管理体系建立品牌战略，开展用户满意度测评，建立质量承诺和售后服务标准。",
        "自主品牌销售占比由 8% 提高到 35%，用户满意度 86 分。",
        "Own-brand sales rose from 8% to 35% of revenue with a brand-building management "
        "system, customer satisfaction surveys and published service commitments.",
        [
            ("自主品牌销售占比", "8", "35", "%", "Own-brand share of sales"),
            ("用户满意度", "72", "86", "分", "Customer satisfaction"),
        ],
        ["evaluation_gap:brand"],
    ),
    (
        "improvement",
        "C367",
        "330200",
        "汽车零部件关键尺寸过程能力提升（示例）",
        "Capability of a critical dimension in automotive parts (demo)",
        "SPC、测量系统分析、六西格玛",
        "转向节孔径关键尺寸 Cpk 1.05，主机厂要求 1.33 以上。",
        "改善夹具定位，刀具寿命管理由计数改为按磨损监测，关键尺寸在线测量并实施控制图。",
        "孔径 Cpk 达到 1.62，主机厂 PPAP 通过。",
        "Bore diameter Cpk went from 1.05 to 1.62 with better fixturing, wear-based tool "
        "changes and in-line measurement under control charts; the customer approved the PPAP.",
        [
            ("孔径Cpk", "1.05", "1.62", "", "Bore diameter Cpk"),
            ("废品率", "1.6", "0.4", "%", "Scrap rate"),
        ],
        ["low_capability:dimension"],
    ),
    (
        "reliability",
        "C367",
        "330100",
        "新能源汽车电驱动轴承早期失效分析（示例）",
        "Early failures of e-drive bearings in new-energy vehicles (demo)",
        "故障树分析、威布尔分析、台架试验",
        "电驱动总成轴承出现电腐蚀早期失效，三包索赔上升。",
        "故障树分析定位轴电流；采用绝缘轴承和接地环，台架加速试验验证。",
        "台架 1000 小时无失效，索赔率下降八成。",
        "Fault-tree analysis found shaft currents; insulated bearings and grounding rings passed "
        "1,000 hours on the test bench and warranty claims fell by four fifths.",
        [
            ("索赔率", "0.5", "0.1", "%", "Warranty claim rate"),
            ("台架无失效时间", "300", "1000", "h", "Failure-free bench time"),
        ],
        ["low_capability:vibration"],
    ),
    (
        "pilot",
        "C26",
        "330200",
        "新型阻燃剂中试放大与质量一致性（示例）",
        "Scale-up of a new flame retardant at the pilot plant (demo)",
        "中试验证、DOE、过程分析技术",
        "实验室合成收率高，但放大到吨级后粒径分布变宽，批次一致性差。",
        "依托化工中试基地开展三轮放大试验，用 DOE 优化搅拌与加料速率，在线粒度监测。",
        "吨级批次粒径 D50 变异系数由 18% 降至 6%，通过客户认证。",
        "Three scale-up rounds at the chemical pilot base with a DOE on stirring and feed rate "
        "and in-line particle sizing cut the D50 coefficient of variation from 18% to 6%.",
        [
            ("D50变异系数", "18", "6", "%", "D50 coefficient of variation"),
            ("收率", "82", "91", "%", "Yield"),
        ],
        ["low_capability:particle size"],
    ),
    (
        "pilot",
        "C39",
        "330100",
        "智能终端主板中试线数字化质量管控（示例）",
        "Digital quality control on a pilot line for smart-device mainboards (demo)",
        "MES、SPC、自动光学检测",
        "新产品导入阶段焊接缺陷多，问题追溯依赖纸质记录。",
        "中试线部署 MES 与 AOI，焊膏厚度 SPC 监控，缺陷自动关联工位与物料批次。",
        "直通率由 91% 提高到 98.5%，新产品导入周期缩短 30%。",
        "MES and automated optical inspection on the pilot line with SPC on solder paste "
        "height raised first-pass yield from 91% to 98.5%.",
        [
            ("直通率", "91", "98.5", "%", "First-pass yield"),
            ("导入周期", "60", "42", "天", "Introduction lead time (days)"),
        ],
        ["low_capability:solder paste", "evaluation_gap:digital"],
    ),
    (
        "improvement",
        "C39",
        "330100",
        "移动电源抽查不合格后的设计与来料改进（示例）",
        "Design and incoming-material changes after a failed power-bank spot-check (demo)",
        "8D、设计评审、供应商审核",
        "移动电源额定容量在监督抽查中不合格，标称容量与实测偏差大。",
        "重新评审标称方法，电芯供应商二方审核，来料容量抽检按 GB/T 2828.1 加严。",
        "复检合格，后续抽查额定容量全部符合 GB/T 35590。",
        "A failed spot-check on rated capacity of power banks led to a design review, supplier "
        "audits and tightened incoming sampling; later spot-checks passed.",
        [("容量偏差", "-14", "-2", "%", "Capacity deviation")],
        ["spot_check_failure:移动电源", "spot_check_failure:锂离子电池"],
    ),
    (
        "brand",
        "C13",
        "330100",
        "区域农产品加工品牌与质量追溯（示例）",
        "A regional food-processing brand built on traceability (demo)",
        "质量追溯、标准化、品牌评价",
        "产品同质化严重，消费者对原料来源缺乏信任。",
        "建立从原料基地到成品的追溯码，制定团体标准，参加品牌价值评价。",
        "品牌溢价 20%，产品进入省级知名消费品名单。",
        "Traceability codes from farm to shelf, a group standard and a brand valuation earned a "
        "20% price premium and a place on the provincial list of famous consumer products.",
        [("品牌溢价", "0", "20", "%", "Brand premium")],
        ["evaluation_gap:brand"],
    ),
    (
        "improvement",
        "C34",
        "330200",
        "通用机械企业质量管理能力分级评价短板提升（示例）",
        "Closing evaluation gaps of a machinery maker (demo)",
        "质量管理能力评价、PDCA",
        "质量管理能力自评为二级，过程控制和数据分析两个维度得分低。",
        "按评价要求补齐过程控制文件，建立关键工序控制计划，质量数据按月分析并评审。",
        "次年评价为三级，过程控制维度得分提高 25 分。",
        "Self-assessed at level 2 with weak process control and data analysis, the company set "
        "control plans and monthly data reviews and reached level 3 the next year.",
        [
            ("过程控制维度得分", "52", "77", "分", "Process control score"),
            ("能力等级", "2", "3", "级", "Capability level"),
        ],
        ["evaluation_gap:process_control", "evaluation_gap:data_analysis"],
    ),
    (
        "reliability",
        "C38",
        "330100",
        "电机绕组绝缘可靠性提升（示例）",
        "Insulation reliability of motor windings (demo)",
        "FMEA、加速寿命试验",
        "电机在湿热环境下绝缘电阻下降，现场返修多。",
        "改进浸漆工艺与真空度控制，增加湿热试验抽检，建立失效数据库。",
        "湿热试验后绝缘电阻合格率 99.6%，返修率下降 60%。",
        "Vacuum impregnation control and damp-heat sampling raised the insulation pass rate after "
        "damp heat to 99.6% and cut field repairs by 60%.",
        [
            ("绝缘电阻合格率", "95.1", "99.6", "%", "Insulation resistance pass rate"),
            ("返修率", "2.0", "0.8", "%", "Repair rate"),
        ],
        ["low_capability:insulation"],
    ),
]


def case_data(
    row: tuple[Any, ...],
) -> tuple[dict[str, str], list[dict[str, str]], list[dict[str, str]]]:
    """The service's data, figures and topics of one demo row."""
    kind, industry, region, zh, en, methods, problem, measures, results, summary, figs, topics = row
    data = {
        "case_type": kind,
        "industry": industry,
        "region": region,
        "name_zh": zh,
        "name_en": en,
        "methods": methods,
        "problem": problem,
        "measures": measures,
        "results": results,
        "summary_en": summary,
    }
    figures = [
        {"label_zh": a, "before": b, "after": c, "unit": u, "label_en": e} for a, b, c, u, e in figs
    ]
    topic_rows = [dict(zip(("problem", "detail"), t.split(":", 1), strict=True)) for t in topics]
    return data, figures, topic_rows


# The Q&A knowledge base (task 1): (topic, question, English question, answer, English answer)
QA: list[tuple[str, str, str, str, str]] = [
    (
        "质量管理能力评价",
        "质量管理能力分级评价分几个等级？",
        "How many levels does the capability evaluation have?",
        "按 GB/T 45295-2025 分为一级至五级，企业可先自评，再申请第三方评价。",
        "Five levels (1 to 5) under GB/T 45295-2025; an enterprise assesses itself first, then "
        "applies for a third-party evaluation.",
    ),
    (
        "过程能力",
        "过程能力指数 Cpk 低于 1.33 怎么办？",
        "What to do when the process capability index Cpk is below 1.33?",
        "先确认测量系统可靠，再判断过程是否受控；受控而能力不足时减小波动或使均值居中，"
        "可参考典型案例库中同行业的过程能力提升案例。",
        "First check the measurement system, then whether the process is in control; if it is "
        "in control but not capable, reduce variation or centre the mean. See the typical cases "
        "of your industry.",
    ),
    (
        "监督抽查",
        "监督抽查不合格后企业要做什么？",
        "What must an enterprise do after failing a spot-check?",
        "在规定期限内查明原因并整改，整改后申请复查；对检验结论有异议的，可在收到通知之日起"
        "十五日内提出异议。",
        "Find the cause and correct it within the deadline, then ask for a re-check; an "
        "objection to the result can be raised within 15 days of the notice.",
    ),
    (
        "质量官",
        "什么是首席质量官？",
        "What is a chief quality officer?",
        "企业任命的负责质量战略和质量管理体系的高级管理人员，可在平台登记。",
        "A senior manager appointed by the enterprise for its quality strategy and management "
        "system; enterprises register them on the platform.",
    ),
]
