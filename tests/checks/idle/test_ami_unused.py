from datetime import timedelta
from decimal import Decimal

import pytest
from idle_helpers import T0, ids, launch

CHECK = "idle.ami_unused"


@pytest.fixture
def image(ec2, clock):
    (builder,) = launch(ec2, "t3.micro")
    image_id = ec2.create_image(InstanceId=builder, Name="golden-image")["ImageId"]
    ec2.terminate_instances(InstanceIds=[builder])
    return image_id


def test_older_than_120_days_and_used_by_nothing_is_idle(image, clock, idle):
    clock.move_to(T0 + timedelta(days=120, hours=-1))
    assert ids(idle(CHECK)) == set()
    clock.move_to(T0 + timedelta(days=120, hours=1))
    report = idle(CHECK)
    assert ids(report) == {image}
    (finding,) = report.findings
    assert finding.action == "ec2.deregister_image" and finding.evidence["snapshot_ids"]
    assert finding.monthly_cost == Decimal("0.75") and finding.estimated  # moto's 15 GiB mapping × $0.05


def test_ami_of_a_running_instance_is_in_use(image, ec2, clock, idle):
    launch(ec2, image=image)
    clock.move_to(T0 + timedelta(days=200))
    assert ids(idle(CHECK)) == set()


def test_ami_in_a_launch_template_version_is_in_use(image, ec2, clock, idle):
    ec2.create_launch_template(
        LaunchTemplateName="web", LaunchTemplateData={"ImageId": "ami-0other000000000a"}
    )
    ec2.create_launch_template_version(LaunchTemplateName="web", LaunchTemplateData={"ImageId": image})
    clock.move_to(T0 + timedelta(days=200))
    assert ids(idle(CHECK)) == set()


def test_ami_in_a_launch_configuration_is_in_use(image, aws, clock, idle):
    aws.client("autoscaling", region_name="us-east-1").create_launch_configuration(
        LaunchConfigurationName="legacy", ImageId=image, InstanceType="t3.micro"
    )
    clock.move_to(T0 + timedelta(days=200))
    assert ids(idle(CHECK)) == set()
