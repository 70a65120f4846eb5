"""SageMaker in one region: domains, user profiles, apps (Canvas and who owns them), notebooks, endpoints.

A Canvas app bills per session-hour while it runs and is owned by a domain's user profile; an
unauthorized profile with a running Canvas app is a known way into a bill. ListApps and
ListUserProfiles are read without a domain filter, so a region costs five paginated calls however
many domains it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.aws.session import AccountSession


@dataclass(frozen=True)
class Domain:
    region: str
    domain_id: str
    name: str
    status: str
    created: datetime | None


@dataclass(frozen=True)
class UserProfile:
    region: str
    domain_id: str
    name: str
    status: str
    created: datetime | None


@dataclass(frozen=True)
class App:
    region: str
    domain_id: str
    user_profile: str | None  # the owner; None for an app in a shared space
    app_type: str  # Canvas, JupyterServer, KernelGateway, JupyterLab, CodeEditor…
    name: str
    status: str
    created: datetime | None
    instance_type: str | None = None
    space: str | None = None

    @property
    def canvas(self) -> bool:
        return self.app_type == "Canvas"

    @property
    def live(self) -> bool:
        return self.status not in ("Deleted", "Deleting", "Failed")


@dataclass(frozen=True)
class Notebook:
    region: str
    name: str
    status: str
    instance_type: str | None
    created: datetime | None


@dataclass(frozen=True)
class Endpoint:
    region: str
    name: str
    status: str
    created: datetime | None


@dataclass(frozen=True)
class SageMakerRegion:
    region: str
    domains: tuple[Domain, ...] = ()
    user_profiles: tuple[UserProfile, ...] = ()
    apps: tuple[App, ...] = ()
    notebooks: tuple[Notebook, ...] = ()
    endpoints: tuple[Endpoint, ...] = field(default=())

    @property
    def resources(self) -> int:
        live_apps = [a for a in self.apps if a.live]
        return (
            len(self.domains)
            + len(self.user_profiles)
            + len(live_apps)
            + len(self.notebooks)
            + len(self.endpoints)
        )


def collect_sagemaker(session: AccountSession, region: str) -> SageMakerRegion:
    client = session.client("sagemaker", region)
    domains = tuple(
        Domain(region, d["DomainId"], d.get("DomainName", ""), d.get("Status", ""), d.get("CreationTime"))
        for d in _all(client, "list_domains", "Domains")
    )
    profiles = tuple(
        UserProfile(region, p["DomainId"], p["UserProfileName"], p.get("Status", ""), p.get("CreationTime"))
        for p in _all(client, "list_user_profiles", "UserProfiles")
    )
    apps = tuple(
        App(
            region=region,
            domain_id=a["DomainId"],
            user_profile=a.get("UserProfileName"),
            app_type=a.get("AppType", ""),
            name=a.get("AppName", ""),
            status=a.get("Status", ""),
            created=a.get("CreationTime"),
            instance_type=(a.get("ResourceSpec") or {}).get("InstanceType"),
            space=a.get("SpaceName"),
        )
        for a in _all(client, "list_apps", "Apps")
    )
    notebooks = tuple(
        Notebook(
            region,
            n["NotebookInstanceName"],
            n.get("NotebookInstanceStatus", ""),
            n.get("InstanceType"),
            n.get("CreationTime"),
        )
        for n in _all(client, "list_notebook_instances", "NotebookInstances")
    )
    endpoints = tuple(
        Endpoint(region, e["EndpointName"], e.get("EndpointStatus", ""), e.get("CreationTime"))
        for e in _all(client, "list_endpoints", "Endpoints")
    )
    return SageMakerRegion(region, domains, profiles, apps, notebooks, endpoints)


def _all(client: Any, operation: str, key: str) -> list[dict[str, Any]]:
    return [item for page in client.get_paginator(operation).paginate() for item in page.get(key, [])]
