"""Enable GuardDuty in a region (containment; resource: the region): create or re-enable the detector.

Creating the first detector may create GuardDuty's service-linked role, hence
iam:CreateServiceLinkedRole. GuardDuty is billed by volume after a 30-day trial.
"""

from __future__ import annotations

from bot.cleanup.registry import Action, Context, Observed, Outcome, Result, action, simulate


@action(
    "guardduty.enable_detector",
    permissions=["guardduty:CreateDetector", "guardduty:UpdateDetector", "iam:CreateServiceLinkedRole"],
    title="Enable GuardDuty",
    warning="GuardDuty is billed by events analysed after its 30-day free trial.",
)
class EnableDetector(Action):
    def recheck(self, ctx: Context) -> Observed:
        guardduty = ctx.read("guardduty")
        ids = []
        for page in guardduty.get_paginator("list_detectors").paginate():
            ids.extend(page.get("DetectorIds", []))
        if not ids:
            return Observed(facts={"detector_id": None})
        detector = guardduty.get_detector(DetectorId=ids[0])
        if detector.get("Status") == "ENABLED":
            return Observed(already=f"GuardDuty is already enabled in {ctx.region} (`{ids[0]}`)")
        return Observed(facts={"detector_id": ids[0]})

    def dry_run(self, ctx: Context) -> Outcome:
        return simulate(ctx, self)

    def run(self, ctx: Context) -> Outcome:
        guardduty = ctx.write("guardduty")
        detector = ctx.facts.get("detector_id")
        if detector:
            guardduty.update_detector(DetectorId=detector, Enable=True)
            return Outcome(Result.DONE, f"Re-enabled GuardDuty detector `{detector}` in {ctx.region}.")
        created = guardduty.create_detector(Enable=True, ClientToken=ctx.request_id[:64])["DetectorId"]
        return Outcome(Result.DONE, f"Enabled GuardDuty in {ctx.region} (detector `{created}`).")

    def describe(self, ctx: Context) -> str:
        detector = ctx.facts.get("detector_id")
        return (
            f"re-enable detector `{detector}`" if detector else f"create a GuardDuty detector in {ctx.region}"
        )
