"""The call: the conversation, the reply box, a timer, the account and (practice) the mood."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Static

from sim.call.interactive import LiveCall, ReplyResult
from sim.errors import SimError
from sim.reports.report_model import CallReport
from sim.scenario.model import Scenario
from sim.tui.widgets.conversation import Conversation
from sim.tui.widgets.meters import mood_text
from sim.tui.widgets.reply_input import ReplyInput


class CallScreen(Screen):
    BINDINGS = [Binding("ctrl+e", "end_call", "End call", priority=True)]

    class Finished(Message):
        """The call is closed and scored: show its report."""

        def __init__(self, report: CallReport, scenario: Scenario, path: Path) -> None:
            super().__init__()
            self.report = report
            self.scenario = scenario
            self.path = path

    def __init__(
        self,
        live: LiveCall,
        scenario: Scenario,
        path: Path,
        *,
        blink: bool = True,
        live_timers: bool = True,
    ):
        super().__init__()
        self.live = live
        self.scenario = scenario
        self.path = path
        self.blink = blink
        self.live_timers = live_timers
        self.practice = live.mode == "practice"
        self._silence: list[Timer] = []
        self._unsaved: str | None = None  # why the transcript cannot be written any more

    def compose(self) -> ComposeResult:
        yield Static(id="callbar")
        with Horizontal(id="call-body"):
            yield Conversation(id="conversation")
            with Vertical(id="side"):
                yield Static(self._account_text(), id="account")
                if self.practice:
                    yield Static(id="mood")
                    yield Static("", id="coach")
        yield ReplyInput(placeholder="Type what you would say, then Enter", id="reply")
        yield Button("See your result  (Enter)", id="result", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        reply = self.query_one(ReplyInput)
        reply.cursor_blink = self.blink
        reply.focus()
        self.query_one("#result", Button).display = False
        self.query_one(Conversation).say(("debtor", self.live.line))
        self._refresh()
        if self.live_timers:
            self.set_interval(1, self._refresh_bar)
            self._arm_silence()

    # -- display --------------------------------------------------------------------------
    def _account_text(self) -> Text:
        a, d = self.scenario.account, self.scenario.debtor
        return Text.assemble(
            ("Account\n", "bold"),
            f"{d.name}\n",
            f"${a.balance:,.2f}\n",
            f"{a.creditor}\n",
            f"{a.days_past_due} days past due",
        )

    def _refresh_bar(self) -> None:
        seconds = int(self.live.elapsed())
        mode = "PRACTICE" if self.practice else "ASSESSMENT"
        self.query_one("#callbar", Static).update(
            Text(f" {self.scenario.title}   {mode}   {seconds // 60:02d}:{seconds % 60:02d}")
        )

    def _refresh(self) -> None:
        self._refresh_bar()
        mood = self.scenario.mood
        if self.practice and mood and self.live.mood is not None:
            spec = self.scenario.variables[mood.var]
            self.query_one("#mood", Static).update(
                mood_text(mood.label, self.live.mood, spec.max, mood.hostile_at)
            )

    # -- silence --------------------------------------------------------------------------
    def _arm_silence(self) -> None:
        for timer in self._silence:
            timer.stop()
        if self.live.ended or not self.live_timers:
            return
        silence = self.scenario.silence
        self._silence = [
            self.set_timer(silence.nudge_after, self.nudge),
            self.set_timer(silence.end_after, self.silence_ends),
        ]

    def nudge(self) -> None:
        if not self.live.ended and not self._unsaved:
            try:
                self.query_one(Conversation).say(("debtor", self.live.nudge()))
            except SimError as exc:
                self._cannot_save(exc)

    def silence_ends(self) -> None:
        if not self.live.ended and not self._unsaved:
            try:
                self.live.end("silence")
            except SimError as exc:
                self._cannot_save(exc)
                return
            self._call_over("The line went quiet for too long.")

    # -- input ----------------------------------------------------------------------------
    def on_reply_input_typed(self, _: ReplyInput.Typed) -> None:
        self.live.keystroke()
        self._arm_silence()

    def on_reply_input_pasted(self, event: ReplyInput.Pasted) -> None:
        self.live.pasted(event.chars)
        self._arm_silence()

    async def on_input_submitted(self, event: ReplyInput.Submitted) -> None:
        """Only the step and the two lines come before the next frame; the rest follows it."""
        if self.live.ended or self._unsaved:
            return
        try:
            result = self.live.reply(event.value, sync=False)
        except SimError as exc:
            self._cannot_save(exc)
            return
        if result.turn is None:
            self.notify(result.notice or "", severity="warning", timeout=4)
            return
        event.input.value = ""
        self._arm_silence()
        await self.query_one(Conversation).say(
            ("agent", result.turn.agent), ("debtor", self.live.line)
        )
        self.call_after_refresh(self._after_reply, result)

    def _after_reply(self, result: ReplyResult) -> None:
        """What can wait for the debtor's line: the turn's fsync, and what the candidate
        reads after the line: a notice, the coaching, the mood, and the end of the call
        (whose focus change rebuilds the footer)."""
        try:
            self.live.sync()
        except SimError as exc:
            self._cannot_save(exc)
            return
        if result.notice:
            self.notify(result.notice, severity="warning")
        # warnings go to the coaching panel, not to pop-ups that would stack over the call
        if self.practice:
            coach = "\n".join(
                ["⚠ " + w.headline for w in result.coaching.warnings]
                + ([f"Tip: {result.coaching.tip}"] if result.coaching.tip else [])
            )
            self.query_one("#coach", Static).update(coach)
        self._refresh()
        if self.live.ended and not self._unsaved:
            self._call_over("The call has ended.")

    def _call_over(self, message: str) -> None:
        self.query_one(Conversation).say(("system", message))
        self.query_one(ReplyInput).disabled = True
        button = self.query_one("#result", Button)
        button.display = not self._unsaved
        button.focus()
        for timer in self._silence:
            timer.stop()

    def _cannot_save(self, exc: SimError) -> None:
        """A full disk (or a folder gone): the call stops, as a call nobody can check must
        not go on; every turn written before stays in the transcript, readable."""
        self._unsaved = str(exc)
        self._call_over(
            f"The call stops here: {exc}. What was said before is saved. "
            "Free some space, then quit (Ctrl+Q) and start again."
        )
        self.notify(
            self._unsaved, title="Transcript not saved", severity="error", timeout=30, markup=False
        )

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self._show_result()

    def action_end_call(self) -> None:
        """The candidate hangs up (or reads the result after the debtor did)."""
        self._show_result("agent_ended")

    def _show_result(self, requested: str | None = None) -> None:
        for timer in self._silence:
            timer.stop()
        if self._unsaved:
            self.notify(self._unsaved, title="Transcript not saved", severity="error", markup=False)
            return
        try:
            report = self.live.finish(requested)
        except SimError as exc:
            self._cannot_save(exc)
            return
        self.post_message(self.Finished(report, self.scenario, self.path))
