"""Generated complaint descriptions for the demo, the tests and the benchmark: noise (varied,
unrelated descriptions spread over cells and days) and planted clusters (one problem told in
many people's words, in one cell and window). Reproducible from a seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

_PARTS = (
    "外壳",
    "按键",
    "屏幕",
    "电源线",
    "插头",
    "充电口",
    "指示灯",
    "遥控器",
    "说明书",
    "包装",
    "螺丝",
    "轮子",
    "把手",
    "开关",
    "滤网",
    "电机",
    "喷头",
    "支架",
    "门封",
    "接口",
)
_FAULTS = (
    "用了两周就裂开",
    "接触不良时好时坏",
    "颜色和宣传图不一样",
    "有刺鼻的气味",
    "噪音比以前大很多",
    "掉漆严重",
    "没有中文标识",
    "型号和发票对不上",
    "客服一直不回复",
    "保修被拒绝",
    "尺寸比标称小",
    "重量不足",
    "无法正常开机",
    "功能和描述不符",
    "配件缺少一个",
    "运输中磕坏",
    "更换后问题依旧",
    "生产日期看不清",
    "维修收费不合理",
    "退货被推诿",
)
_CONTEXT = (
    "在商场购买",
    "网购收到后发现",
    "使用一个月左右",
    "第一次使用时",
    "家里老人使用时",
    "换季拿出来用时",
    "按说明书操作后",
    "朋友推荐购买",
    "促销活动买的",
    "搬家后重新安装",
    "周末在家",
    "孩子玩的时候",
    "出差回来发现",
    "刚过退货期",
    "联系售后三次",
)

_DETAIL = (
    "希望厂家给个说法",
    "要求退换货",
    "已经拍照留证",
    "商家说是人为损坏",
    "同批次朋友也遇到",
    "检测报告也没有",
    "发票还在",
    "包装完好",
    "之前没有摔过",
    "按规定存放",
    "不知道找谁处理",
    "要求赔偿损失",
    "门店已经关门",
    "快递单号保留着",
    "希望监管部门核实",
    "价格不便宜",
    "第二次出现这种情况",
    "说明书上没提到",
    "已经打过热线",
    "等了很久没人管",
)

#: planted problems: (category, problem, core description, variations)
PLANTED = (
    (
        "battery",
        "safety",
        "充电宝充电时外壳发烫鼓包冒烟",
        ("差点起火", "放在床头很危险", "不敢再用", "已经停止使用", "味道很大"),
    ),
    (
        "ebike",
        "safety",
        "电动自行车刹车突然失灵下坡停不住",
        ("差点撞车", "送修后还是失灵", "孩子骑的时候", "雨天更明显", "已经摔倒一次"),
    ),
    (
        "appliance",
        "labelling",
        "电暖器铭牌功率标注与实际功率不符能效标识虚标",
        ("电费明显增加", "实测功率偏低", "标签模糊", "说明书也没写清", "怀疑是假标"),
    ),
)


@dataclass(frozen=True)
class Row:
    category: str
    region: str
    problem: str
    day: date
    text: str
    planted: int  # index into PLANTED, -1 for noise


def noise_text(rng: np.random.Generator) -> str:
    part = _PARTS[rng.integers(len(_PARTS))]
    fault = _FAULTS[rng.integers(len(_FAULTS))]
    ctx = _CONTEXT[rng.integers(len(_CONTEXT))]
    detail = _DETAIL[rng.integers(len(_DETAIL))]
    return f"{ctx}，{part}{fault}，{detail}，前后{int(rng.integers(2, 90))}天"


def planted_text(rng: np.random.Generator, which: int) -> str:
    core, variations = PLANTED[which][2], PLANTED[which][3]
    extra = variations[rng.integers(len(variations))]
    ctx = _CONTEXT[rng.integers(len(_CONTEXT))]
    return f"{ctx}，{core}，{extra}" if rng.random() < 0.5 else f"{core}，{extra}"


def generate(
    *,
    n_noise: int,
    categories: tuple[str, ...],
    problems: tuple[str, ...],
    regions: tuple[str, ...],
    as_of: date,
    days: int,
    planted: tuple[tuple[int, str, int], ...] = (),
    seed: int = 17,
) -> list[Row]:
    """``n_noise`` unrelated complaints spread uniformly over cells and the ``days`` up to
    ``as_of``, and for each ``(which, region, size)`` in ``planted`` ``size`` complaints of
    ``PLANTED[which]`` in ``region`` within the last 14 days."""
    rng = np.random.default_rng(seed)
    rows = [
        Row(
            category=categories[rng.integers(len(categories))],
            region=regions[rng.integers(len(regions))],
            problem=problems[rng.integers(len(problems))],
            day=as_of - timedelta(days=int(rng.integers(days))),
            text=noise_text(rng),
            planted=-1,
        )
        for _ in range(n_noise)
    ]
    for which, region, size in planted:
        cat, problem = PLANTED[which][0], PLANTED[which][1]
        rows += [
            Row(
                category=cat,
                region=region,
                problem=problem,
                day=as_of - timedelta(days=int(rng.integers(14))),
                text=planted_text(rng, which),
                planted=which,
            )
            for _ in range(size)
        ]
    return rows
