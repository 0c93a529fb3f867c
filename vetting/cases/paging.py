"""Paging through a queue that may hold hundreds of thousands of cases."""

from functools import cached_property
from typing import Any, cast

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet

from vetting.cases.models import Case

# A queue longer than this is shown as "> QUEUE_COUNT_CAP cases".
QUEUE_COUNT_CAP = 1_000


class QueuePage(Page):
    """A page of a queue; past the count cap, whether another page follows is read, not computed."""

    more = False

    def has_next(self) -> bool:
        paginator = self.paginator
        if isinstance(paginator, QueuePaginator) and paginator.capped:
            return self.more
        return super().has_next()


class QueuePaginator(Paginator):
    """Django's paginator, except that a queue is counted only up to QUEUE_COUNT_CAP cases.

    Counting every case of a queue of hundreds of thousands costs more than the page itself.
    Up to the cap, nothing differs; beyond it the count reads "> cap", and pages go on for as
    long as there are cases: each page reads one case more to know whether another follows.
    """

    @cached_property
    def count(self) -> int:
        # Unordered: any QUEUE_COUNT_CAP + 1 rows will do, straight from the stage index.
        cases = cast(QuerySet[Case], self.object_list)
        return cases.order_by()[: QUEUE_COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > QUEUE_COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, QUEUE_COUNT_CAP)

    def validate_number(self, number: Any) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            value = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if value < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return value

    def get_page(self, number: Any) -> Page:
        if not self.capped:
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    def page(self, number: Any) -> Page:
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        page = QueuePage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page
