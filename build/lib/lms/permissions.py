"""Permission policies for Wagtail admin viewsets."""

from collections.abc import Iterable

from wagtail.permission_policies import ModelPermissionPolicy


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds, changes or deletes; people with the view permission (and superusers) read."""

    def user_has_permission(self, user, action: str) -> bool:  # type: ignore[no-untyped-def]
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions: Iterable[str]) -> bool:  # type: ignore[no-untyped-def]
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Iterable[str]):  # type: ignore[no-untyped-def]
        actions = [a for a in actions if a == "view"]
        return super().users_with_any_permission(actions)
