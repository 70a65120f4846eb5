from datetime import timedelta

from bot.checks.audit.ecs_cluster_burst import ecs_cluster_burst, summary


def _clusters(b, n, spread, region="us-east-1", source="ecs.amazonaws.com"):
    for i in range(n):
        b.trail.event(
            "CreateCluster",
            region=region,
            time=b.ago(1) + spread / n * i,
            source=source,
            request={"clusterName": f"c-{i}"},
            response={"cluster": {"clusterName": f"c-{i}"}},
            access_key="AKIAMINER",
        )


def test_fifty_clusters_in_minutes_are_a_burst_with_their_names_and_creator(b):
    _clusters(b, 50, timedelta(minutes=5))
    found = ecs_cluster_burst(b.build())
    assert len(found) == 50 and {f.resource_id for f in found} >= {"c-0", "c-49"}
    assert "50 ECS clusters" in summary(found) and "AKIAMINER" in summary(found)


def test_forty_nine_clusters_or_fifty_over_an_hour_are_not(b):
    _clusters(b, 49, timedelta(minutes=5))
    assert ecs_cluster_burst(b.build()) == []


def test_slow_clusters_and_eks_clusters_do_not_count(b):
    _clusters(b, 50, timedelta(hours=2))
    _clusters(b, 60, timedelta(minutes=1), source="eks.amazonaws.com")  # EKS's CreateCluster: not ECS
    assert ecs_cluster_burst(b.build()) == []
