"""Domain objects as the API's messages, and the API's messages as drafts for the domain."""
from datetime import date

from minsheng.supervision.v1 import supervision_pb2 as pb
from services.platform import protomap
from services.platform.errors import Violations
from services.supervision import notice
from services.supervision.domain import BudgetLine, Milestone, Plan, ProgressDraft, ProgressReport, Project
from services.supervision.oversight import (GROUP, Calendar, Finding, Inquiry, Inspection, InspectionKind, Level,
                                            Question, Rectification, Supervisor, Topic)
from services.supervision.oversight_handlers import GroupView


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def plan_message(project: Project) -> pb.ImplementationPlan | None:
    plan = project.plan
    if plan is None:
        return None
    reached = project.progress.reached
    return pb.ImplementationPlan(
        milestones=[pb.Milestone(milestone_id=m.id, title=m.title, due_date=_iso(m.due),
                                 reached_date=_iso(reached.get(m.id))) for m in plan.milestones],
        budget=[pb.BudgetLine(item=b.item, amount_yuan=b.amount_yuan) for b in plan.budget],
        contact_name=plan.contact_name, contact_phone=plan.contact_phone, version=plan.version,
        approved_by=plan.approved_by, approve_time=protomap.timestamp(plan.approved_at))


def project_message(p: Project) -> pb.Project:
    group = GROUP.format(town=p.town_id, group=p.group_id) if p.group_id else ""
    return pb.Project(
        name=p.name, candidate_id=p.candidate_id, proposal=p.proposal, year=p.year, adoption_rank=p.number,
        title=p.title, description=p.description, location=p.location, budget_yuan=p.budget_yuan,
        funding_source=p.funding_source, responsible_unit=p.responsible_unit,
        completion_deadline=_iso(p.completion_deadline), state=p.state.value, plan=plan_message(p),
        plan_changes=[pb.PlanChange(version=c.version, reason=c.reason, changed_by=c.actor,
                                    change_time=protomap.timestamp(c.time)) for c in p.plan_changes],
        percent_complete=p.progress.percent_complete, spent_yuan=p.progress.spent_yuan,
        last_report_date=_iso(p.progress.report_date), report_count=p.progress.reports, supervision_group=group,
        supervisor=p.supervisor_id,
        verifications=[pb.Verification(accepted=x.accepted, reason=x.reason, verified_by=x.actor,
                                       verify_time=protomap.timestamp(x.time)) for x in p.verifications],
        carry_overs=[pb.CarryOver(into_year=c.into_year, cause=c.cause.value, explanation=c.explanation,
                                  completion_deadline=_iso(c.deadline), recorded_by=c.actor,
                                  record_time=protomap.timestamp(c.time)) for c in p.carry_overs],
        supervision_year=p.supervision_year, current_deadline=_iso(p.deadline), history=protomap.history(p.history))


def report_message(project: Project, r: ProgressReport) -> pb.ProgressReport:
    return pb.ProgressReport(
        name=project.report_name(r.number), report_date=_iso(r.report_date), percent_complete=r.percent_complete,
        spent_yuan=r.spent_yuan, milestone_id=r.milestone_id, text=r.text, attachments=r.attachments,
        claims_completion=r.claims_completion, reported_by=r.reported_by,
        report_time=protomap.timestamp(r.reported_at))


def supervisor_message(s: Supervisor) -> pb.Supervisor:
    return pb.Supervisor(name=s.name, display_name=s.display_name, level=s.level.value,
                         activity_group=s.activity_group, account=s.account, history=protomap.history(s.history))


def group_message(view: GroupView) -> pb.SupervisionGroup:
    g = view.group
    return pb.SupervisionGroup(
        name=g.name, year=g.year, title=g.title, members=g.members, leader=g.leader,
        assignments=[pb.SupervisionGroup.Assignment(project=p.name, supervisor=p.supervisor_id) for p in view.assigned],
        history=protomap.history(g.history))


def calendar_message(c: Calendar) -> pb.SupervisionCalendar:
    message = pb.SupervisionCalendar(
        name=c.name, year=c.year, topics=[pb.SupervisionCalendar.Topic(title=t.title, projects=t.projects)
                                          for t in c.topics],
        mid_year_supervision_date=_iso(c.mid_year_date), year_end_inquiry_date=_iso(c.year_end_date),
        history=protomap.history(c.history))
    if c.inquiry:
        message.inquiry.CopyFrom(pb.Inquiry(date=_iso(c.inquiry.date), questions=[
            pb.Inquiry.Question(project=q.project, asked_by=q.asked_by, question=q.question, answer=q.answer,
                                answered_by=q.answered_by) for q in c.inquiry.questions]))
    return message


def inspection_message(i: Inspection) -> pb.Inspection:
    return pb.Inspection(
        name=i.name, supervision_group=GROUP.format(town=i.town_id, group=i.group_id), kind=i.kind.value,
        date=_iso(i.date), participants=i.participants, projects=i.projects,
        findings=[pb.Finding(project=f.project, text=f.text, internal=f.internal) for f in i.findings],
        recorded_by=i.recorded_by, record_time=protomap.timestamp(i.recorded_at))


def rectification_message(r: Rectification) -> pb.Rectification:
    return pb.Rectification(
        name=r.name, inspection=r.inspection, finding_index=r.finding_index, finding=r.finding, internal=r.internal,
        responsible_unit=r.responsible_unit, deadline=_iso(r.deadline), state=r.state.value,
        answers=[pb.Rectification.Answer(text=a.text, attachments=a.attachments, answered_by=a.actor,
                                         answer_time=protomap.timestamp(a.time)) for a in r.answers],
        checks=[pb.Rectification.Check(accepted=c.accepted, reason=c.reason, new_deadline=_iso(c.new_deadline),
                                       verified_by=c.actor, verify_time=protomap.timestamp(c.time))
                for c in r.checks],
        history=protomap.history(r.history))


def notice_entry_message(e: notice.NoticeEntry) -> pb.NoticeEntry:
    return pb.NoticeEntry(
        project=e.project, title=e.title, location=e.location, budget_yuan=e.budget_yuan,
        funding_source=e.funding_source, responsible_unit=e.responsible_unit, current_deadline=_iso(e.deadline),
        state=e.state.value, percent_complete=e.percent_complete, spent_yuan=e.spent_yuan,
        last_report_date=_iso(e.last_report_date),
        milestones=[pb.NoticeEntry.MilestoneStatus(title=m.title, due_date=_iso(m.due), reached_date=_iso(m.reached))
                    for m in e.milestones],
        follow_up=e.follow_up_explanation is not None, follow_up_explanation=e.follow_up_explanation or "",
        rectifications=[pb.NoticeEntry.PublicRectification(finding=r.finding, deadline=_iso(r.deadline),
                                                           state=r.state.value) for r in e.rectifications])


# Requests to drafts: converters add what they cannot read to `v`; the domain checks the rest.

def plan_of(v: Violations, m: pb.ImplementationPlan) -> Plan:
    return Plan(
        milestones=tuple(Milestone("", x.title, protomap.date_of(v, f"plan.milestones[{i}].due_date", x.due_date))
                         for i, x in enumerate(m.milestones)),
        budget=tuple(BudgetLine(b.item, b.amount_yuan) for b in m.budget), contact_name=m.contact_name,
        contact_phone=m.contact_phone)


def draft_of(v: Violations, m: pb.ProgressReport) -> ProgressDraft:
    return ProgressDraft(
        report_date=protomap.date_of(v, "report.report_date", m.report_date), percent_complete=m.percent_complete,
        spent_yuan=m.spent_yuan, milestone_id=m.milestone_id, text=m.text, attachments=tuple(m.attachments),
        claims_completion=m.claims_completion)


def supervisor_of(v: Violations, town_id: str, supervisor_id: str, m: pb.Supervisor) -> Supervisor:
    level = protomap.enum_of(v, "supervisor.level", m.level, pb.Supervisor.Level, Level)
    return Supervisor(town_id, supervisor_id, m.display_name, level, m.activity_group, m.account)


def calendar_of(v: Violations, town_id: str, year: int, m: pb.SupervisionCalendar) -> Calendar:
    return Calendar(
        town_id=town_id, year=year, topics=tuple(Topic(t.title, tuple(t.projects)) for t in m.topics),
        mid_year_date=protomap.date_of(v, "calendar.mid_year_supervision_date", m.mid_year_supervision_date),
        year_end_date=protomap.date_of(v, "calendar.year_end_inquiry_date", m.year_end_inquiry_date))


def inquiry_of(v: Violations, m: pb.Inquiry) -> Inquiry:
    return Inquiry(protomap.date_of(v, "inquiry.date", m.date), tuple(
        Question(q.project, q.asked_by, q.question, q.answer, q.answered_by) for q in m.questions))


def inspection_of(v: Violations, town_id: str, group_id: str, m: pb.Inspection) -> Inspection:
    return Inspection(
        town_id=town_id, id="", group_id=group_id,
        kind=protomap.enum_of(v, "inspection.kind", m.kind, pb.Inspection.Kind, InspectionKind),
        date=protomap.date_of(v, "inspection.date", m.date), participants=tuple(m.participants),
        projects=tuple(m.projects), findings=tuple(Finding(f.project, f.text, f.internal) for f in m.findings))

