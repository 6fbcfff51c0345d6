"""A small, hand-computed history for the report tests.

Two notices, three agencies, ten tasks (eleven obligations). Every figure the tests expect
is worked out below by hand, for two reporting days: 31/5/2026 and 15/7/2026. Reports,
proposals and the office's decisions go through the product's use cases; the withdrawal
is stored as the status model reads it.

=====  ==========  ==================  ==========  ===========================================
task   notice      agency              deadline    history (local days)
=====  ==========  ==================  ==========  ===========================================
1      10/TB-VPCP  Bộ Công an          31/3/2026   done 20/3 → on time
2      10/TB-VPCP  Bộ Công an          31/3/2026   done 15/4 → late
3      10/TB-VPCP  Bộ Tài chính        30/4/2026   proposal 20/4 for 30/6/2026, never
                                                   decided, not done → overdue after 30/4
4      10/TB-VPCP  Bộ Tài chính        “khẩn trương” not done → undated
5      10/TB-VPCP  Bộ Y tế             30/6/2026   not done → in time on 31/5, overdue on 15/7
6      10/TB-VPCP  Bộ Công an,         15/5/2026   Bộ Công an done 10/5 → on time;
                   Bộ Y tế                         Bộ Y tế done 1/6 → overdue on 31/5,
                                                   done late on 15/7
7      10/TB-VPCP  Bộ Công an          30/4/2026   proposal 25/4 for 15/6, approved 28/4;
                                                   done 10/6 → in time on 31/5 (deadline in
                                                   force 15/6), done on time on 15/7
8      10/TB-VPCP  Bộ Tài chính        30/9/2026   withdrawn by the office 20/5 → cancelled
9      20/TB-VPCP  Bộ Tài chính        thường xuyên standing (assigned 10/6)
10     20/TB-VPCP  Bộ Y tế             31/7/2026   in time on 15/7 (assigned 10/6)
=====  ==========  ==================  ==========  ===========================================

As of 31/5/2026 (notice 20/TB-VPCP not issued yet):

* Bộ Công an: on time 2 (#1, #6), late 1 (#2), in time 1 (#7) → assigned 4, due 3,
  rate 2/3
* Bộ Tài chính: overdue 1 (#3), undated 1 (#4), cancelled 1 (#8) → assigned 2, due 1,
  rate 0
* Bộ Y tế: in time 1 (#5), overdue 1 (#6) → assigned 2, due 1, rate 0
* total: on time 2, late 1, in time 2, overdue 2, undated 1, cancelled 1 → assigned 8,
  due 5, rate 0.4

As of 15/7/2026:

* Bộ Công an: on time 3 (#1, #6, #7), late 1 (#2) → assigned 4, due 4, rate 3/4
* Bộ Tài chính: overdue 1, undated 1, standing 1 (#9), cancelled 1 → assigned 3, due 1
* Bộ Y tế: late 1 (#6), overdue 1 (#5), in time 1 (#10) → assigned 3, due 2, rate 0
* total: on time 3, late 2, in time 1, overdue 2, undated 1, standing 1, cancelled 1 →
  assigned 10, due 7, rate 3/7
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.deadline import Deadline, DeadlineKind, Granularity
from domain.status import EventKind
from storage.models import EventRow
from tracking.decisions import Decisions
from tracking.service import Actor, NewTask
from wiring import Core

VN = ZoneInfo("Asia/Ho_Chi_Minh")
R1 = date(2026, 5, 31)
R2 = date(2026, 7, 15)
BCA, BTC, BYT = "Bộ Công an", "Bộ Tài chính", "Bộ Y tế"
CHATS = {BCA: 5001, BTC: 5002, BYT: 5003}
OFFICE = Actor(name="Văn phòng", user_id=1001)

#: agency → (assigned, due, done on time, done late, in time, overdue, undated, standing,
#: cancelled); None is the totals
EXPECTED = {
    R1: {
        BCA: (4, 3, 2, 1, 1, 0, 0, 0, 0),
        BTC: (2, 1, 0, 0, 0, 1, 1, 0, 1),
        BYT: (2, 1, 0, 0, 1, 1, 0, 0, 0),
        None: (8, 5, 2, 1, 2, 2, 1, 0, 1),
    },
    R2: {
        BCA: (4, 4, 3, 1, 0, 0, 0, 0, 0),
        BTC: (3, 1, 0, 0, 0, 1, 1, 1, 1),
        BYT: (3, 2, 0, 1, 1, 1, 0, 0, 0),
        None: (10, 7, 3, 2, 1, 2, 1, 1, 1),
    },
}
RATES = {R1: {BCA: 2 / 3, BTC: 0.0, BYT: 0.0, None: 0.4}, R2: {BCA: 3 / 4, None: 3 / 7}}


def at(day: date, hour: int = 10) -> datetime:
    """A local instant on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def _dated(day: date, phrase: str) -> Deadline:
    return Deadline(due=day, granularity=Granularity.DAY, kind=DeadlineKind.DEADLINE, phrase=phrase)


def _task(ref: str, title: str, lead: str, deadline: Deadline, *members: str) -> NewTask:
    return NewTask(
        title=title,
        text=title,
        lead=lead,
        deadline=deadline,
        members=members,
        ref=ref,
        seed_key=f"fixture:{ref}:{title}",
    )


async def build_fixture(core: Core) -> None:
    """Store the history above through the product's own use cases."""
    tracker = core.tracker
    issued_a = date(2026, 1, 5)
    await tracker.store_notice(
        key="10/TB-VPCP",
        number="10/TB-VPCP",
        issued=issued_a,
        title="Thông báo kết luận (thử nghiệm)",
        source="fixture",
        tasks=[
            _task(
                "1",
                "Ban hành kế hoạch triển khai",
                BCA,
                _dated(date(2026, 3, 31), "trước 31/3/2026"),
            ),
            _task(
                "2", "Báo cáo sơ kết quý I", BCA, _dated(date(2026, 3, 31), "trong tháng 3/2026")
            ),
            _task("3", "Trình đề án tài chính", BTC, _dated(date(2026, 4, 30), "trước 30/4/2026")),
            _task(
                "4",
                "Rà soát các khoản chi",
                BTC,
                Deadline(due=None, granularity=None, kind=DeadlineKind.NONE, phrase="khẩn trương"),
            ),
            _task(
                "5",
                "Hoàn thiện quy trình khám chữa bệnh",
                BYT,
                _dated(date(2026, 6, 30), "trước 30/6/2026"),
            ),
            _task(
                "6",
                "Phối hợp xây dựng cơ sở dữ liệu",
                "Bộ Công an, Bộ Y tế",
                _dated(date(2026, 5, 15), "trước ngày 15/5/2026"),
                BCA,
                BYT,
            ),
            _task(
                "7",
                "Sửa đổi nghị định về định danh",
                BCA,
                _dated(date(2026, 4, 30), "trong tháng 4/2026"),
            ),
            _task(
                "8", "Xây dựng luật thuế mới", BTC, _dated(date(2026, 9, 30), "trong Quý III/2026")
            ),
        ],
        actor=OFFICE,
        now=at(issued_a),
    )
    issued_b = date(2026, 6, 10)
    await tracker.store_notice(
        key="20/TB-VPCP",
        number="20/TB-VPCP",
        issued=issued_b,
        title="Thông báo kết luận thứ hai (thử nghiệm)",
        source="fixture",
        tasks=[
            _task(
                "1",
                "Theo dõi thu ngân sách",
                BTC,
                Deadline(
                    due=None, granularity=None, kind=DeadlineKind.ONGOING, phrase="thường xuyên"
                ),
            ),
            _task(
                "2",
                "Báo cáo tình hình dịch bệnh",
                BYT,
                _dated(date(2026, 7, 31), "trước 31/7/2026"),
            ),
        ],
        actor=OFFICE,
        now=at(issued_b),
    )
    for agency, chat_id in CHATS.items():
        invite = await tracker.create_invite(agency=agency, actor=OFFICE, now=at(issued_a))
        await tracker.redeem_invite(
            token=invite.token,
            chat_id=chat_id,
            title=f"Đầu mối {agency}",
            actor=Actor(name=f"Đầu mối {agency}", user_id=chat_id),
            now=at(issued_a, 11),
        )
    ids = await _ids(core)
    focal = {
        agency: Actor(name=f"Đầu mối {agency}", user_id=chat) for agency, chat in CHATS.items()
    }

    async def done(agency: str, task: int, day: date) -> None:
        await tracker.mark_done(
            chat_id=CHATS[agency],
            task_id=task,
            note="đã gửi báo cáo",
            actor=focal[agency],
            now=at(day),
        )

    await done(BCA, ids["1"], date(2026, 3, 20))
    await done(BCA, ids["2"], date(2026, 4, 15))
    await propose(
        core, ids["3"], BTC, date(2026, 4, 20), date(2026, 6, 30), "chờ ý kiến Bộ Tư pháp"
    )
    proposal = await propose(
        core, ids["7"], BCA, date(2026, 4, 25), date(2026, 6, 15), "chờ thẩm định"
    )
    await decide(core, proposal, date(2026, 4, 28), approve=True)
    await done(BCA, ids["7"], date(2026, 6, 10))
    await cancel(core, ids["8"], date(2026, 5, 20))
    await done(BCA, ids["6"], date(2026, 5, 10))
    await done(BYT, ids["6"], date(2026, 6, 1))


async def propose(
    core: Core, task_id: int, agency: str, day: date, proposed: date, reason: str
) -> int:
    """A focal point's dated /late: a proposal to the office."""
    outcome = await core.tracker.report_late(
        chat_id=CHATS[agency],
        task_id=task_id,
        reason=reason,
        new_due=proposed,
        actor=Actor(name=f"Đầu mối {agency}", user_id=CHATS[agency]),
        now=at(day),
    )
    assert outcome.proposal_id is not None
    return outcome.proposal_id


async def decide(core: Core, proposal_id: int, day: date, *, approve: bool) -> None:
    """The office's decision on a proposal."""
    decisions = Decisions(sessions=core.sessions, planner=core.planner, registry=core.registry)
    await decisions.decide(
        proposal_id=proposal_id,
        approve=approve,
        actor_name=OFFICE.name,
        actor_user_id=OFFICE.user_id,
        now=at(day),
        tell_focal=lambda view: "Văn phòng đã cho ý kiến về đề xuất.",
    )


async def cancel(core: Core, task_id: int, day: date) -> None:
    """The office withdraws a task: its task-wide history event, as the status model reads
    it (stored directly until withdrawing has its own use case)."""
    async with core.sessions.begin() as session:
        session.add(
            EventRow(
                task_id=task_id,
                at=at(day),
                kind=EventKind.CANCELLED,
                actor=OFFICE.name,
                detail="không còn phù hợp",
            )
        )


async def _ids(core: Core) -> dict[str, int]:
    """Task ids of notice 10/TB-VPCP by item reference."""
    records = await core.tracker.all_tasks()
    return {
        task.ref: task.id
        for task, notice, _ in records
        if notice is not None and notice.number == "10/TB-VPCP"
    }
