"""/aws-pastdue [account] [import]: unpaid invoices by seller and currency, aged, with a USD total.

`import` answers with how to upload a payments CSV into the answer's thread instead (slash
commands cannot carry files); every `/aws-pastdue` thread accepts such an upload.
"""

from __future__ import annotations

from bot.billing.ledger import ledger_status, open_upload_thread
from bot.billing.pastdue import summarize
from bot.render.pastdue import render_pastdue
from bot.render.payments import render_import_prompt
from bot.slack.people import describe
from handlers.commands.base import Command, CommandRun


def _accept_uploads(job: CommandRun) -> None:
    if job.answer.ts:
        open_upload_thread(
            job.services.store,
            job.answer.channel,
            job.answer.ts,
            account=job.account.name if job.account else None,
            by=job.user_id,
        )


def run(job: CommandRun) -> None:
    services = job.services
    settings = services.settings
    _accept_uploads(job)
    if "import" in job.options:
        payers = describe(settings.effective_payers)
        job.finish(
            render_import_prompt(
                job.account.name if job.account else None, ledger_status(services.store), payers
            )
        )
        return
    report = summarize(job.aws(), services.store, fx_rates=settings.fx_rates, fanout=services.fanout)
    parent, thread = render_pastdue(report, settings.fx_rates)
    job.finish(parent, thread)
    if report.aging is not None:  # an unreadable Invoicing API must not look like "nothing past due"
        job.record(parent.text, report.summary())


COMMAND = Command(
    name="/aws-pastdue",
    summary="Unpaid invoices by seller of record and currency, aged, with a USD total.",
    run=run,
    usage="[account] [import]",
    options=("import",),
    working="reading invoices, AWS payment alerts and the payment ledger…",
)
