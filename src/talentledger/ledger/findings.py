"""Finding codes and the `Finding` value: one problem, where it is, and how to fix it.

Every code is one row of `CODES`: its severity, what it means and the Chinese message
template filled with the finding's parameters. docs/findings.md is generated from this
table (see `codes_markdown`), so the documentation cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from talentledger.ledger.text import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The word a clerk reads: 错误 or 警告."""
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Code:
    severity: Severity
    meaning: str
    template: str
    example: str


E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = {
    # ---- the file as a whole: each is the one finding of a file that cannot be read ----
    "unreadable_file": Code(
        E, "文件已损坏或格式不受支持",
        "文件无法读取：文件已损坏或不完整（{reason}），请重新导出后再报送。",
        "文件无法读取：文件已损坏或不完整（压缩包结构错误），请重新导出后再报送。",
    ),
    "sheet_damaged": Code(
        E, "工作表已损坏",
        "工作表“{sheet}”已损坏，无法读取（{reason}），请重新导出后再报送。",
        "工作表“Sheet1”已损坏，无法读取（内容不完整），请重新导出后再报送。",
    ),
    "file_empty": Code(
        E, "文件是空的",
        "文件无法读取：文件是空的（0字节），请重新导出后再报送。",
        "文件无法读取：文件是空的（0字节），请重新导出后再报送。",
    ),
    "file_too_large": Code(
        E, "文件过大",
        "文件无法读取：文件过大（{size} MB），超过 {limit} MB 的上限。请删去与台帐无关的工作表和图片后再报送。",
        "文件无法读取：文件过大（300 MB），超过 256 MB 的上限。…",
    ),
    "file_cannot_open": Code(
        E, "文件打不开",
        "文件无法读取：无法打开文件（{reason}）。",
        "文件无法读取：无法打开文件（没有读取权限）。",
    ),
    "file_encrypted": Code(
        E, "文件设有打开密码",
        "文件无法读取：文件设置了打开密码。请取消密码后重新报送。",
        "文件无法读取：文件设置了打开密码。请取消密码后重新报送。",
    ),
    "file_bomb": Code(
        E, "疑似恶意文件（压缩炸弹）",
        "文件无法读取：解压后体积异常巨大或内部文件过多（{reason}），疑似“压缩炸弹”，已拒绝读取。请重新导出后再报送。",
        "文件无法读取：解压后体积异常巨大或内部文件过多（压缩比超过200倍），疑似“压缩炸弹”…",
    ),
    "not_a_spreadsheet": Code(
        E, "不是电子表格文件",
        "文件无法读取：不是电子表格文件（{reason}）。支持 .xlsx、.xlsm、.xls、.ods、.csv。",
        "文件无法读取：不是电子表格文件（文件内容不是任何一种表格格式）。…",
    ),
    "html_without_table": Code(
        E, "网页文件中没有表格",
        "文件无法读取：这是网页（HTML）文件，其中没有表格。请在Excel/WPS中打开后“另存为”.xlsx 格式再报送。",
        "文件无法读取：这是网页（HTML）文件，其中没有表格。…",
    ),
    "html_too_large": Code(
        E, "网页格式的文件过大",
        "文件无法读取：网页格式的文件过大（超过 {limit} MB）。请在Excel/WPS中打开后“另存为”.xlsx 格式再报送。",
        "文件无法读取：网页格式的文件过大（超过 32 MB）。…",
    ),
    "bad_encoding": Code(
        E, "文本编码无法识别",
        "文件无法读取：文本编码无法识别（支持 UTF-8 和 GB18030/GBK）。请另存为 UTF-8 编码的 CSV 或 .xlsx 后再报送。",
        "文件无法读取：文本编码无法识别（支持 UTF-8 和 GB18030/GBK）。…",
    ),
    "csv_malformed": Code(
        E, "CSV 文件格式错误",
        "文件无法读取：CSV 格式错误（{reason}），多半是某处引号没有配对。请在Excel/WPS中打开核对后另存为 .xlsx 再报送。",
        "文件无法读取：CSV 格式错误（一个单元格超过 131072 个字符），多半是某处引号没有配对。…",
    ),
    # ---- sheets --------------------------------------------------------------------------
    "hidden_sheet": Code(
        W, "工作表被隐藏",
        "工作表“{sheet}”处于隐藏状态，已照常检查；请确认其中的数据确需报送。",
        "工作表“Sheet2”处于隐藏状态，已照常检查；请确认其中的数据确需报送。",
    ),
    "unknown_kind": Code(
        W, "无法判断工作表是哪类台帐",
        "无法判断工作表“{sheet}”属于哪类台帐（{reason}），未作检查。"
        "请使用标准表头，或在工作表名称/标题中写明台帐类别。",
        "无法判断工作表“Sheet1”属于哪类台帐（前15行中没有找到表头），未作检查。…",
    ),
    "missing_column": Code(
        E, "缺少必需的列",
        "缺少“{header}”列。请在表头行中增加该列并逐行填写。",
        "缺少“公民身份号码”列。请在表头行中增加该列并逐行填写。",
    ),
    "unknown_column": Code(
        W, "未识别的列",
        "未识别的列“{header}”，其内容未作检查也不会入库。如是标准列，请改用标准表头名称。",
        "未识别的列“爱好”，其内容未作检查也不会入库。…",
    ),
    "duplicate_column": Code(
        W, "同一项目出现了两列",
        "“{header}”列与{earlier}列都是“{canonical}”，只检查{earlier}列，本列内容不会入库。请删除多余的一列。",
        "“联系人”列与L列都是“培养联系人”，只检查L列，本列内容不会入库。请删除多余的一列。",
    ),
    "township_undetermined": Code(
        E, "无法确定所属镇（街道）",
        "无法确定所属的镇（街道）。请填写“所属镇（街道）”列，"
        "或在表头上方写明“填报单位：XX镇党委”。",
        "无法确定所属的镇（街道）。…",
    ),
    "unknown_township": Code(
        E, "镇（街道）不在本辖区名录中",
        "“{value}”不是本辖区登记的镇（街道）{rows}。请使用规范名称，如：{choices}。",
        "“东港镇”不是本辖区登记的镇（街道）。请使用规范名称，如：东港街道、新庄镇。",
    ),
    "year_undetermined": Code(
        E, "无法确定台帐所属年度（入库时）",
        "无法确定工作表“{sheet}”是哪一年的台帐。请在标题中写明“XXXX年度”或填写“填报日期”，"
        "也可以入库时用 --year 指定。",
        "无法确定工作表“台帐”是哪一年的台帐。…",
    ),
    "duplicate_submission": Code(
        E, "一个文件中两张工作表是同一份报送（入库时）",
        "工作表“{sheet}”与“{other}”都是{township}{year}年的“{kind}”台帐，入库时会互相覆盖。"
        "请合并为一张工作表，或删去其中一张。",
        "工作表“Sheet2”与“Sheet1”都是城北镇2006年的“把党员培养成优秀人才”台帐，…",
    ),
    "formula_no_value": Code(
        E, "公式单元格没有保存计算结果",
        "该单元格是公式，但文件中没有保存计算结果，无法读取其值。"
        "请在Excel/WPS中打开并重新计算后保存，或把公式改为数值。",
        "该单元格是公式，但文件中没有保存计算结果，无法读取其值。…",
    ),
    "no_ledger": Code(
        E, "文件中没有可识别的台帐",
        "文件中没有一张能识别的台帐工作表（{reason}），不能入库。请报送按规定格式填写的台帐，"
        "或在工作表名称/标题中写明台帐类别。",
        "文件中没有一张能识别的台帐工作表（工作表“Sheet1”：前15行中没有找到表头），不能入库。…",
    ),
    "required": Code(
        E, "必填项为空",
        "“{header}”不能为空{condition}。请补填。",
        "“培养联系人”不能为空（培养中的人员须明确培养联系人）。请补填。",
    ),
    "invalid_date": Code(
        E, "日期无法识别或不合理",
        "“{header}”的值“{value}”{reason}。请填写如 2006-03-05、2006年3月5日 或 2006.3 这样的日期。",
        "“确定培养时间”的值“2006.13.5”不是有效日期。请填写如 2006-03-05 …",
    ),
    "ambiguous_date": Code(
        W, "数字形式的日期有两种读法",
        "“{header}”的值“{value}”存成了数字，可能是{first}，也可能是输入“{value}0”时Excel去掉了末尾的0"
        "（{second}）。已按两种读法分别核对；请把该列设为“文本”格式后重新填写。",
        "“确定培养时间”的值“2006.1”存成了数字，可能是2006年1月，也可能是输入“2006.10”时Excel去掉了末尾的0…",
    ),
    "too_long": Code(
        E, "内容过长",
        "“{header}”的内容过长（{length} 个字符，最多 {limit} 个）：“{value}”。请检查是否把几格的内容填进了一格。",
        "“姓名”的内容过长（300 个字符，最多 255 个）：“王建军王建军王建军…”。请检查是否把几格的内容填进了一格。",
    ),
    "invalid_value": Code(
        E, "取值不在规定范围内",
        "“{header}”的值“{value}”不符合要求，应为：{choices}。",
        "“领域”的值“农业”不符合要求，应为：农村、企业、非公企业、社区、机关、事业单位、社会组织。",
    ),
    "id_invalid": Code(
        E, "公民身份号码不正确",
        "公民身份号码“{value}”{reason}。请对照身份证逐位核对。",
        "公民身份号码“320682********0018”校验码不正确（应为 9）。请对照身份证逐位核对。",
    ),
    "id_stored_as_number": Code(
        E, "公民身份号码被存成了数字",
        "公民身份号码被保存成了数字（{value}）：Excel只保留15位有效数字，后几位已经丢失。"
        "请把该列设为“文本”格式后重新录入完整的18位号码（或在号码前加英文单引号 '）。",
        "公民身份号码被保存成了数字（3.20682E+17）：…",
    ),
    "id_first_generation": Code(
        E, "15位的第一代身份证号码",
        "公民身份号码“{value}”是15位的第一代身份证号码。请填写本人第二代身份证上的18位号码"
        "（按15位号码推算应为 {upgraded}，请与身份证核对后填写）。",
        "公民身份号码“320612********211”是15位的第一代身份证号码。请填写…18位号码（按15位号码推算应为 …）。",
    ),
    "id_unknown_region": Code(
        W, "身份证号码前6位不是已知的县级行政区划代码",
        "公民身份号码的地区码“{region}”不在行政区划代码表中（可能是已撤并的旧代码），请核对。",
        "公民身份号码的地区码“329982”不在行政区划代码表中…",
    ),
    "id_mismatch_birth": Code(
        E, "出生年月与身份证号码不一致",
        "“{header}”为“{value}”，但公民身份号码中的出生日期是 {expected}。请核对后更正其一。",
        "“出生年月”为“1978-08”，但公民身份号码中的出生日期是 1978-07-21。…",
    ),
    "id_mismatch_gender": Code(
        E, "性别与身份证号码不一致",
        "性别填的是“{value}”，但公民身份号码第17位表示“{expected}”。请核对后更正其一。",
        "性别填的是“女”，但公民身份号码第17位表示“男”。请核对后更正其一。",
    ),
    "date_order": Code(
        E, "日期先后顺序不对",
        "“{header}”（{value}）早于“{earlier_header}”（{earlier}），时间顺序不对。请核对两个日期。",
        "“成才认定时间”（2005-01-01）早于“确定培养时间”（2005-04-01），时间顺序不对。…",
    ),
    "too_soon": Code(
        E, "两个环节之间的间隔不足",
        "“{header}”（{value}）距“{earlier_header}”（{earlier}）不足{gap}，"
        "不符合《中国共产党发展党员工作细则》。请核对日期。",
        "“确定为发展对象时间”（2006-03）距“确定为入党积极分子时间”（2005-09）不足1年，…",
    ),
    "probation_overdue": Code(
        W, "预备期超过两年",
        "“{header}”（{value}）距“接收为预备党员时间”（{earlier}）超过2年：预备期最长延长一次且不超过1年。请核对。",
        "“转为正式党员时间”（2009-05）距“接收为预备党员时间”（2006-07）超过2年…",
    ),
    "underage": Code(
        E, "递交入党申请或入党时未满18岁",
        "按公民身份号码，“{header}”（{value}）时未满18周岁，不符合党章规定。请核对该时间或身份证号码。",
        "按公民身份号码，“递交入党申请时间”（2003-02-10）时未满18周岁，不符合党章规定。…",
    ),
    "stage_mismatch": Code(
        E, "所处阶段或培养状态与已填日期不一致",
        "“{header}”为“{value}”，但{reason}。请使两者一致。",
        "“当前阶段”为“入党积极分子”，但已填写“确定为发展对象时间”，应为“发展对象”。请使两者一致。",
    ),
    "missing_introducers": Code(
        E, "预备党员须有两名入党介绍人",
        "已接收为预备党员，“入党介绍人”应填写两名（现为“{value}”）。请用顿号分隔两人姓名。",
        "已接收为预备党员，“入党介绍人”应填写两名（现为“陈红”）。…",
    ),
    "duplicate_in_file": Code(
        E, "同一文件中人员重复",
        "此人（公民身份号码 {value}）在本文件中重复出现，另见 {other}。请删除重复行。",
        "此人（公民身份号码 320682********3757）在本文件中重复出现，另见 人才培养成党员!D9。…",
    ),
    "duplicate_across_files": Code(
        E, "同一人出现在两个镇（街道）同一年度的同类台帐中",
        "此人（公民身份号码 {value}）同时出现在{township}的台帐中（{other}）。"
        "同一人只能由一个镇（街道）统计，请与对方核实后删除一处。",
        "此人（公民身份号码 320682********3757）同时出现在新庄镇的台帐中（xinzhuang.xlsx 台帐!C5）。…",
    ),
    "not_a_member": Code(
        E, "培养为干部的人员不是党员",
        "此人（公民身份号码 {value}）在同一年度的“把优秀人才培养成党员”台帐中仍是“{stage}”（{other}），"
        "尚不是党员，不能列入“党员人才培养成干部”台帐。请核对。",
        "此人（公民身份号码 320682********3757）在“把优秀人才培养成党员”台帐中仍是“发展对象”…",
    ),
    "few_trainings": Code(
        W, "年度培训次数不足",
        "“年度培训次数”为{value}次，少于要求的每年{minimum}次。",
        "“年度培训次数”为3次，少于要求的每年4次。",
    ),
}


class Finding(BaseModel):
    """One problem in one place. `row` and `column` are as Excel shows them (1-based, letters)."""

    code: str
    severity: Severity
    path: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    field: str | None = None
    value: str | None = None
    message: str

    def place(self) -> str:
        """Where the finding is, as a clerk would look for it: 工作表!E7."""
        if self.sheet is None:
            return "（整个文件）"
        sheet = visible(self.sheet)  # a sheet's name comes from the file
        if self.cell:
            return f"{sheet}!{self.cell}"
        if self.row:
            return f"{sheet} 第{self.row}行"
        return f"{sheet}（整个工作表）"

    def line(self) -> str:
        """The finding on one plain line: 工作表!E7: 错误 [code] message."""
        return f"{self.place()}: {self.severity.label} [{self.code}] {self.message}"


def message(code: str, **params: object) -> str:
    """The message of `code` with its parameters, as a clerk reads it."""
    return CODES[code].template.format(value=params.pop("value", ""), **params)


def make_finding(
    code: str,
    *,
    path: str = "",
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    field: str | None = None,
    value: str | None = None,
    **params: object,
) -> Finding:
    """Build a finding from its code's template; `value` must already be masked if it is an ID."""
    spec = CODES[code]
    # Values, names and sheets in a message come from the file: no control character of theirs
    # reaches a terminal, a text file or a comment's XML.
    message = visible(spec.template.format(value=value if value is not None else "", sheet=sheet, **params))
    cell = f"{column}{row}" if column and row else None
    return Finding(
        code=code, severity=spec.severity, path=path, sheet=sheet, row=row, column=column,
        cell=cell, field=field, value=value, message=message,
    )


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def codes_markdown() -> str:
    """The table of finding codes for docs/findings.md."""
    lines = [
        "| 代码 | 级别 | 含义 | 示例消息 |",
        "|---|---|---|---|",
    ]
    for name, spec in CODES.items():
        lines.append(f"| `{name}` | {spec.severity.label} | {spec.meaning} | {spec.example} |")
    return "\n".join(lines) + "\n"
