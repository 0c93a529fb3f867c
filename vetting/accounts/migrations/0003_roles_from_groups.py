from django.db import migrations
from django.utils import timezone


def groups_to_grants(apps, schema_editor):
    """Every membership of a role group becomes a grant (as if made on the server's command
    line, which is what set them up), and the groups grant nothing any more."""
    from vetting.policy.roles import Role

    group_model = apps.get_model("auth", "Group")
    grant_model = apps.get_model("accounts", "RoleGrant")
    user_model = apps.get_model("auth", "User")
    now = timezone.now()
    for role in Role:
        group = group_model.objects.filter(name=str(role)).first()
        if group is None:
            continue
        for user in user_model.objects.filter(groups=group):
            grant_model.objects.get_or_create(
                account=user,
                role=str(role),
                revoked_at=None,
                defaults={"granted_at": now, "granted_by": "command"},
            )
    for user in user_model.objects.all():
        user.groups.clear()
        user.user_permissions.clear()
    group_model.objects.filter(name__in=[str(r) for r in Role]).delete()


class Migration(migrations.Migration):
    """Roles are held by grants under four eyes, no longer by Django groups."""

    dependencies = [("accounts", "0002_grants_and_requests")]
    operations = [migrations.RunPython(groups_to_grants, migrations.RunPython.noop)]
