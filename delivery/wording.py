"""What delivery says, declared here where it is used: the chat catalogue implements it
(``chat.dispatch_wording``) and the composition root passes it in, so delivery imports
nothing of the chat."""

from __future__ import annotations

from typing import Protocol


class DeliveryWording(Protocol):
    """The few texts delivery writes itself: why a chat is gone, and the office's notices."""

    @property
    def message_budget(self) -> int:
        """How long one message may be (plain admin notices to one chat are joined up to
        it)."""
        ...

    def chat_gone_reason(self, blocked: bool) -> str:
        """Why a chat can no longer be reached (kept on the chat and its failed messages)."""
        ...

    def chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        """The office's notice that a focal point's chat was disabled."""
        ...

    def leadership_chat_disabled(self, chat_title: str, agency: str, reason: str) -> str:
        """The office's notice that a leadership chat was disabled."""
        ...
