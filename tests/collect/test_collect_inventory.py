import io
import zipfile
from datetime import timedelta

from moto.ecs.models import ecs_backends

from bot.collect.identity import collect_identity
from bot.collect.inventory_ec2 import collect_instances, termination_protection
from bot.collect.inventory_ecs import collect_ecs
from bot.collect.inventory_emr import collect_emr
from bot.collect.inventory_lambda import collect_lambdas
from bot.collect.sagemaker import collect_sagemaker
from bot.store.types import utcnow


def test_instances_with_type_state_and_protection_looked_up_only_when_asked(world):
    ec2 = world.base.client("ec2", "eu-west-1")
    ids = [
        i["InstanceId"]
        for i in ec2.run_instances(ImageId="ami-12345678", MinCount=3, MaxCount=3, InstanceType="p3.8xlarge")[
            "Instances"
        ]
    ]
    ec2.modify_instance_attribute(InstanceId=ids[0], DisableApiTermination={"Value": True})
    ec2.stop_instances(InstanceIds=[ids[2]])
    found = {i.instance_id: i for i in collect_instances(world.session, "eu-west-1")}
    assert set(found) == set(ids)
    assert found[ids[0]].gpu and found[ids[0]].family == "p3" and found[ids[0]].protected is None
    assert found[ids[2]].state == "stopped"
    assert world.faults.calls[("ec2", "eu-west-1", "DescribeInstanceAttribute")] == 0
    answer = termination_protection(world.session, "eu-west-1", [ids[0], ids[1], "i-0000000000gone0"])
    assert answer == {ids[0]: True, ids[1]: False}  # the vanished one is skipped, not fatal
    assert world.faults.calls[("ec2", "eu-west-1", "DescribeInstanceAttribute")] == 3


def test_ecs_clusters_with_services_and_fargate_tasks(world):
    ecs = world.base.client("ecs", "us-east-1")
    ec2 = world.base.client("ec2", "us-east-1")
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
    for i in range(3):
        ecs.create_cluster(clusterName=f"c{i}")
    ecs.register_task_definition(
        family="miner",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="4096",
        memory="8192",
        containerDefinitions=[{"name": "x", "image": "x", "cpu": 4096, "memory": 8192}],
    )
    ecs.create_service(
        cluster="c0",
        serviceName="svc",
        taskDefinition="miner",
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}},
    )
    ecs.run_task(
        cluster="c1",
        taskDefinition="miner",
        count=2,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}},
    )
    # moto does not count Fargate tasks in DescribeClusters (AWS does); the collector trusts AWS's count
    ecs_backends["123456789012"]["us-east-1"].clusters["c1"].running_tasks_count = 2
    clusters = {c.name: c for c in collect_ecs(world.session, "us-east-1")}
    assert set(clusters) == {"c0", "c1", "c2"}
    assert [(s.name, s.launch_type) for s in clusters["c0"].services] == [("svc", "FARGATE")]
    assert clusters["c1"].fargate_tasks == 2 and clusters["c1"].tasks[0].task_definition.startswith("miner")
    assert clusters["c2"].services == () and clusters["c2"].tasks == ()


def test_lambda_emr_and_identity(world):
    iam = world.base.client("iam")
    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("index.py", "def handler(e, c): return 1")
    world.base.client("lambda", "us-east-1").create_function(
        FunctionName="dropper",
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": buffer.getvalue()},
        MemorySize=3008,
    )
    [fn] = collect_lambdas(world.session, "us-east-1")
    assert fn.name == "dropper" and fn.memory_mb == 3008 and fn.last_modified is not None
    emr = world.base.client("emr", "us-east-1")
    emr.run_job_flow(
        Name="spark",
        ReleaseLabel="emr-7.0.0",
        JobFlowRole="EMR_EC2_DefaultRole",
        ServiceRole="EMR_DefaultRole",
        Instances={
            "MasterInstanceType": "m5.xlarge",
            "InstanceCount": 1,
            "KeepJobFlowAliveWhenNoSteps": True,
        },
    )
    [cluster] = collect_emr(world.session, "us-east-1")
    assert cluster.name == "spark" and cluster.state in ("WAITING", "RUNNING", "STARTING")
    iam.create_account_alias(AccountAlias="acme-prod")
    me = collect_identity(world.session)
    assert me.account_id == "123456789012" and me.alias == "acme-prod" and "assumed-role" in me.arn


def test_sagemaker_domains_from_moto_profiles_and_apps_from_the_fake(world):
    sm = world.base.client("sagemaker", "us-east-1")
    domain = sm.create_domain(
        DomainName="analytics",
        AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": "arn:aws:iam::123456789012:role/x"},
        SubnetIds=["subnet-1"],
        VpcId="vpc-1",
    )["DomainArn"].rsplit("/", 1)[-1]
    now = utcnow()
    for i in range(12):  # over one page of ListUserProfiles
        world.apis.user_profile("us-east-1", domain, f"user-{i}", created=now - timedelta(days=i))
    world.apis.app("us-east-1", domain, "user-0", created=now)
    world.apis.app("us-east-1", domain, "user-1", created=now, status="Deleted")
    region = collect_sagemaker(world.session, "us-east-1")
    assert [d.domain_id for d in region.domains] == [domain]
    assert len(region.user_profiles) == 12
    assert [(a.user_profile, a.canvas, a.live) for a in region.apps] == [
        ("user-0", True, True),
        ("user-1", True, False),
    ]
    assert region.resources == 1 + 12 + 1
