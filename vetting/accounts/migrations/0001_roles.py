from django.db import migrations


def create_roles(apps, schema_editor):
    from vetting.policy.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    """One group per staff role, with the permissions declared in policy.roles."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("intake", "0001_initial"),
        ("audit", "0002_chain_head"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
