"""The written evaluation report (书面评议报告) as a PDF in Chinese, and the document that is
signed. Pure: from the evaluation and the closed assessments' counts to bytes.

reportlab typesets Chinese with its built-in CID font STSong-Light (Adobe's Song font, which
every PDF reader carries), so no font file ships with the service."""
import hashlib
import io
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from services.evaluation.domain import GRADE_LABELS, STATUS_LABELS, Evaluation, GradingBase

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=8)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=11, wordWrap="CJK")
BASE_LABELS = {GradingBase.SEATED: "全体实有代表", GradingBase.PRESENT: "出席代表"}


def _yuan(amount: int) -> str:
    return f"{amount / 10000:.2f}万元"


def document(evaluation: Evaluation, *, town_name: str, session_title: str, seated: int, present: int,
             comments: list[str], pdf_sha256: str, issued_at: datetime, assessments: list[dict],
             revision: int = 1, supersedes: str | None = None) -> dict:
    """What is signed and filed: the figures of the report, the PDF's hash, and each counted
    assessment (its projects, ballots cast, deputies present and its bulletin board's SHA-256:
    what a verifier needs to recount the grades, and to check the board if it holds it).
    A later revision names the SHA-256 of the signed document it supersedes: whoever holds the
    filed revisions can check that they form one chain (the district does, on receiving it)."""
    return {"kind": "minsheng.evaluation.v1.report", "version": 2, "revision": revision, "supersedes": supersedes,
            "evaluation": evaluation.name,
            "town": evaluation.town_id, "town_name": town_name, "year": evaluation.year,
            "session": evaluation.session, "session_title": session_title, "seated_deputies": seated,
            "present_deputies": present, "grading_base": evaluation.grading_base.value,
            "projects": [{"project": i.project, "title": i.title, "status": i.status.value,
                          "budget_yuan": i.budget_yuan, "spent_yuan": i.spent_yuan,
                          "grade": i.grade.value if i.grade else None,
                          "counts": {"satisfied": i.tally.satisfied, "basically_satisfied": i.tally.basically_satisfied,
                                     "unsatisfied": i.tally.unsatisfied, "blank": i.tally.blank} if i.tally else None}
                         for i in evaluation.items],
            "assessments": assessments, "comment_count": len(comments), "pdf_sha256": pdf_sha256, "issued_at": issued_at.isoformat()}


def _table(evaluation: Evaluation) -> Table:
    head = ["项目", "责任单位", "完成情况", "预算", "实际支出", "满意", "基本满意", "不满意", "测评结果"]
    rows = [[Paragraph(escape(h), CELL) for h in head]]
    for i in evaluation.items:
        t = i.tally
        cells = [i.title, i.responsible_unit, STATUS_LABELS[i.status], _yuan(i.budget_yuan), _yuan(i.spent_yuan),
                 str(t.satisfied) if t else "", str(t.basically_satisfied) if t else "",
                 str(t.unsatisfied) if t else "", GRADE_LABELS[i.grade] if i.grade else "未测评"]
        rows.append([Paragraph(escape(c), CELL) for c in cells])
    table = Table(rows, colWidths=[38 * mm, 24 * mm, 20 * mm, 16 * mm, 16 * mm, 11 * mm, 13 * mm, 11 * mm, 16 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _details(evaluation: Evaluation) -> list:
    story = [Paragraph("二、各项目完成情况", HEADING)]
    for n, i in enumerate(evaluation.items, 1):
        text = f"{n}. {i.title}（{i.responsible_unit}）：{STATUS_LABELS[i.status]}。{i.work_done}"
        if i.explanation:
            text += f" 政府说明：{i.explanation}"
        story.append(Paragraph(escape(text), BODY))
    return story


def render(evaluation: Evaluation, *, town_name: str, session_title: str, seated: int, present: int,
           comments: list[str], revision: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, title=f"{town_name}{evaluation.year}年民生实事项目书面评议报告",
                            leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm, bottomMargin=18 * mm,
                            invariant=1)
    rule = BASE_LABELS[evaluation.grading_base]
    unsatisfied = [i.title for i in evaluation.items if i.grade and GRADE_LABELS[i.grade] == "不满意"]
    story = [
        Paragraph(escape(f"{town_name}{evaluation.year}年民生实事项目书面评议报告"), TITLE),
        *([Paragraph(escape(f"（第{revision}版：整改后重新测评，替代第{revision - 1}版）"), BODY)] if revision > 1 else []),
        Paragraph(escape(f"{session_title}听取和审议了镇人民政府关于{evaluation.year}年民生实事项目完成情况的书面报告，"
                         f"组织全体镇人大代表对{len(evaluation.items)}个项目进行了满意度测评。"
                         f"实有代表{seated}名，出席{present}名。"), BODY),
        Paragraph("一、满意度测评结果", HEADING),
        Paragraph(escape(f"测评办法：满意票超过{rule}半数的为满意；未达到的，满意票与基本满意票之和超过{rule}半数的为基本满意；"
                         "否则为不满意，由镇人民政府整改后重新测评。测评以无记名方式进行，计票由监票人解密票箱合计结果。"), BODY),
        Spacer(1, 4 * mm), _table(evaluation), *_details(evaluation),
        Paragraph("三、代表意见", HEADING),
        *[Paragraph(escape(f"{n}. {c}"), BODY) for n, c in enumerate(comments, 1)],
        *([] if comments else [Paragraph("无。", BODY)]),
        Paragraph("四、整改与跟踪监督", HEADING),
        Paragraph(escape(("测评为不满意的项目：" + "、".join(unsatisfied) + "，由镇人民政府整改，纳入下一年度跟踪监督并重新测评。")
                         if unsatisfied else "无测评为不满意的项目。未完成的项目由镇人民政府作出解释说明，并持续跟踪监督。"), BODY),
        Paragraph(escape(f"{evaluation.summary}") if evaluation.summary else "", BODY),
        Paragraph(escape(f"本报告同测评结果一并报送镇党委，并报区人大常委会备案。"), BODY),
    ]
    pdf.build(story)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
