"""From a click to a decision: file requests from an offer, screen deciders, approve, reject, expire.

Every function here is what one Slack interaction does after it is acknowledged; handlers only
parse the payload and call in. The person in the payload is trusted (Slack signed the request);
everything else (the request, its facts, the account) is read from the store and the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.cleanup import engine, executor, notify, policy, registry
from bot.cleanup.approvers import Approvers
from bot.cleanup.engine import NewRequest
from bot.cleanup.offers import get_offer
from bot.render import cleanup as render
from bot.services import Services
from bot.store.tables import CleanupRequest
from bot.store.types import utcnow

_ID = re.compile(r"^[a-z]{2}_[A-Za-z0-9_-]{8,40}$")
_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")  # a Slack user ID


@dataclass(frozen=True)
class Click:
    """Where a click happened and how to answer only the person who clicked."""

    user: str
    channel: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    response_url: str | None = None


@dataclass(frozen=True)
class Screen:
    request: CleanupRequest | None
    code: str | None = None  # why not: not_approver, own_request, expired, not_pending, unknown
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None


def approvers(services: Services) -> Approvers:
    found = services.extras.get("cleanup.approvers")
    if not isinstance(found, Approvers):
        found = Approvers(services.slack, services.settings.approvers)
        services.extras["cleanup.approvers"] = found
    return found


# --- filing -----------------------------------------------------------------------------------------


def file_from_offer(services: Services, offer_id: str, click: Click) -> list[CleanupRequest]:
    """The clicker asks for every item of the offer: one request each, posted in the offer's thread."""
    if not _USER.match(click.user or ""):
        # Who asked is half of the two-person rule: a click that names nobody files nothing.
        engine.record_refusal(services.store, None, "unknown", "no_requester", offer_id=str(offer_id)[:80])
        return []
    offer = get_offer(services.store, offer_id) if _ID.match(offer_id or "") else None
    if offer is None:
        engine.record_refusal(services.store, None, click.user, "unknown_offer", offer_id=str(offer_id)[:80])
        notify.tell(
            services,
            user=click.user,
            channel=click.channel,
            response_url=click.response_url,
            text="⚠️ I no longer know this cleanup offer, so nothing was requested. Run the command again.",
        )
        return []
    items = []
    for index, item in enumerate(offer.items):
        action = str(item.get("action") or "")
        facts = dict(item.get("facts") or {})
        items.append(
            NewRequest(
                index=index,
                action=action,
                region=str(item.get("region") or ""),
                resource_id=str(item.get("resource_id") or ""),
                facts=facts,
                refusal=policy.refusal(services.accounts, offer.account, action, facts),
            )
        )
    filed, duplicates = engine.file_requests(
        services.store,
        offer,
        items,
        requester=click.user,
        mode=services.settings.cleanup_mode,
        channel=offer.channel or click.channel,
        thread_ts=offer.thread_ts or click.thread_ts or click.message_ts,
    )
    if duplicates:
        names = ", ".join(f"`{d.resource_id}`" for d in duplicates[:10])
        notify.tell(
            services,
            user=click.user,
            channel=click.channel,
            response_url=click.response_url,
            text=f"Already requested and still open: {names}. See the requests in the thread.",
        )
    if len(filed) > 1 and filed[0].channel:
        specs = registry.all_actions()
        header = render.batch_header(filed, specs, offer.label or offer.source, filed[0].batch_id or "")
        notify.post(services, filed[0].channel, filed[0].thread_ts, header)
    for request in filed:
        notify.post_card(services, request)
    return filed


# --- deciding ---------------------------------------------------------------------------------------


def screen(services: Services, request_id: str, user: str, *, record_expiry: bool = True) -> Screen:
    """May this person decide on this request now? Authority first, then the request's state.

    A pending request past its expiry is marked expired here (and its card updated), unless
    `record_expiry` is False: the click listener only peeks, before it acknowledges.
    """
    request = engine.get(services.store, request_id) if _ID.match(request_id or "") else None
    if request is None:
        return Screen(None, "unknown", "I don't know this request (it may come from another installation).")
    verdict = approvers(services).check(user)
    if not verdict.allowed:
        return Screen(request, "not_approver", verdict.reason)
    if user == request.requester:
        return Screen(
            request, "own_request", "You asked for this; a second person must approve or reject it."
        )
    if request.state == "expired" or (request.state == "pending" and request.expires_at <= utcnow()):
        if record_expiry and request.state == "pending" and engine.expire(services.store, request.id):
            notify.announce_decision(services, request.id)
        return Screen(request, "expired", describe_state(request))
    if request.state != "pending":
        return Screen(request, "not_pending", describe_state(request))
    return Screen(request)


def describe_state(request: CleanupRequest) -> str:
    if request.state in ("pending", "expired") and request.expires_at <= utcnow():
        return (
            f"This request expired at {render.when(request.expires_at)}; nothing was done. "
            "Click the original button again to file a new request."
        )
    who = f" by <@{request.approver}>" if request.approver else ""
    return f"This request is already {request.state}{who}; nothing more to decide."


def refuse(
    services: Services, screened: Screen, user: str, click: Click, *, attempted: str, target: str = ""
) -> None:
    """Tell the person why not, and keep the attempt in the action log (with the ID they tried, when
    it names no request we know: guessing IDs leaves a trace too)."""
    tried = {"target": str(target)[:80]} if screened.request is None and target else {}
    engine.record_refusal(
        services.store,
        screened.request,
        user,
        screened.code or "refused",
        attempted=attempted,
        message=screened.reason,
        **tried,
    )
    notify.tell(
        services,
        user=user,
        channel=click.channel or (screened.request.channel if screened.request else None),
        response_url=click.response_url,
        text=f"⛔ {screened.reason}",
    )


def approve(services: Services, request_id: str, user: str, click: Click, *, confirmed: bool = False) -> None:
    """The approval click (or confirmed modal): one conditional update decides, then the work runs.

    `confirmed` only from the modal whose typed account name was checked: an action that needs it
    is never approved by a bare click, whichever path the click took (e.g. no dialog opened because
    the approver group could not be read at that moment, then could).
    """
    screened = screen(services, request_id, user)
    if not screened.ok:
        refuse(services, screened, user, click, attempted="approve", target=request_id)
        return
    spec = registry.get(screened.request.action) if screened.request else None
    if spec is not None and spec.confirm and not confirmed:
        reason = (
            "Approving this needs the account name typed in its dialog, which did not open: click "
            "Approve… again and type the account name."
        )
        refuse(
            services,
            Screen(screened.request, "confirmation_required", reason),
            user,
            click,
            attempted="approve",
        )
        return
    if not engine.approve(services.store, request_id, user):
        # Lost a race with another click: say what happened instead.
        refuse(services, screen(services, request_id, user), user, click, attempted="approve")
        return
    executor.execute(services, request_id)  # claims it at once; its card then shows "working…"


def reject(services: Services, request_id: str, user: str, click: Click) -> None:
    screened = screen(services, request_id, user)
    if not screened.ok:
        refuse(services, screened, user, click, attempted="reject", target=request_id)
        return
    if not engine.reject(services.store, request_id, user):
        refuse(services, screen(services, request_id, user), user, click, attempted="reject")
        return
    notify.announce_decision(services, request_id)


def approve_all(services: Services, batch_id: str, user: str, click: Click) -> None:
    """Every request of one click, each screened and approved on its own; typed ones are skipped."""
    requests = engine.batch(services.store, batch_id) if _ID.match(batch_id or "") else []
    if not requests:
        refuse(
            services,
            Screen(None, "unknown", "I don't know this batch of requests."),
            user,
            click,
            attempted="approve all",
            target=batch_id,
        )
        return
    approved, skipped = [], []
    for request in requests:
        spec = registry.get(request.action)
        screened = screen(services, request.id, user)
        if not screened.ok:
            if screened.code in ("not_approver", "own_request"):
                refuse(services, screened, user, click, attempted="approve all")
                return
            skipped.append(f"`{request.resource_id}`: {screened.reason}")
        elif spec is not None and spec.confirm:
            skipped.append(f"`{request.resource_id}` needs typed confirmation: use its own Approve button.")
        elif engine.approve(services.store, request.id, user):
            approved.append(request.id)
            notify.refresh(services, request.id)
    if skipped:
        notify.tell(
            services,
            user=user,
            channel=click.channel,
            response_url=click.response_url,
            text=f"Approved {len(approved)}; not approved:\n" + "\n".join(f"• {s}" for s in skipped[:20]),
        )
    for request_id in approved:
        executor.execute(services, request_id)


def check_confirmation(services: Services, request_id: str, user: str, typed: str) -> str | None:
    """The modal's typed account name: None when it matches, else what to show under the field."""
    screened = screen(services, request_id, user, record_expiry=False)
    if not screened.ok or screened.request is None:
        tried = {"target": str(request_id)[:80]} if screened.request is None else {}
        engine.record_refusal(
            services.store, screened.request, user, screened.code or "refused", attempted="confirm", **tried
        )
        return screened.reason
    expected = screened.request.account
    if (typed or "").strip().lower() != expected.lower():
        engine.record_refusal(
            services.store, screened.request, user, "confirmation_mismatch", typed=(typed or "")[:80]
        )
        return f"That is not the account name. Type `{expected}` to approve, or cancel."
    return None


# --- time ---------------------------------------------------------------------------------------------


def settle_expiry(services: Services, request_id: str) -> None:
    """Record an expiry noticed while answering a modal (which must answer within 3 seconds)."""
    request = engine.get(services.store, request_id) if _ID.match(request_id or "") else None
    due = request is not None and request.state == "pending" and request.expires_at <= utcnow()
    if due and engine.expire(services.store, request_id):
        notify.announce_decision(services, request_id)


def expire_due(services: Services) -> int:
    """The periodic sweep: expire requests nobody decided on in time (their cards say so), and
    recover requests a dead process left approved or executing. Returns how many expired."""
    expired = 0
    for request in engine.due_for_expiry(services.store):
        if engine.expire(services.store, request.id):
            expired += 1
            notify.announce_decision(services, request.id)
    executor.recover(services)
    return expired
