"""Adaptive agents play every shipped scenario over `sim run --interactive` (issue 13).

Each agent is a real process talking to a real `sim` process: it reads the debtor's line
from the JSON the call writes, decides what to say from the words it hears (never from the
state's name), and writes its reply. A skilled agent speaks in three registers (formal,
casual, texting with typos) and reaches a good outcome; a newcomer who answers the question
asked in plain words is not hung up on; and no debtor says the same line twice in a row.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from dataclasses import dataclass, field, replace

import pytest

# -- the agents ------------------------------------------------------------------------------
# A rule: words the debtor's line may hold (any of them) -> what the agent means to say.
Rules = list[tuple[tuple[str, ...], str]]
REGISTERS = ("formal", "casual", "texting")


@dataclass
class Agent:
    """Picks what to say from the debtor's words; each intent is written per register."""

    rules: Rules
    wordings: dict[str, dict[str, str]]  # intent -> register -> reply
    register: str = "formal"
    opening: str = "greet"  # the intent of the first reply
    used: set[str] = field(default_factory=set)  # what it has said: the second time, "_again"

    def reply(self, debtor: str, turn: int) -> str:
        if turn == 0:
            intent = self.opening
        else:
            heard = debtor.lower()
            intent = next((i for words, i in self.rules if any(w in heard for w in words)), "")
        intent = intent or "clarify"
        if intent in self.used and f"{intent}_again" in self.wordings:
            intent = f"{intent}_again"
        self.used.add(intent)
        return self.wordings[intent][self.register]


def words(formal: str, casual: str, texting: str) -> dict[str, str]:
    return {"formal": formal, "casual": casual, "texting": texting}


GREET = "greet"
VERIFY = "verify"
DISCLOSE = "disclose"

DISPUTE = Agent(
    rules=[
        (("who's calling", "who am i speaking", "who are you"), GREET),
        (("that's me", "speaking", "this is kevin", "kevin osei"), VERIFY),
        (("what's this about", "go ahead", "what's this regarding"), DISCLOSE),
        (("cancelled", "billing error", "don't owe"), "rights"),
        (("email", "where do i send"), "send_email"),
        (("hold off", "on hold", "collection stops"), "hold"),
    ],
    wordings={
        GREET: words(
            "Good afternoon, my name is Alex and I am calling from Summit Recovery Services. "
            "May I speak with Kevin Osei, please?",
            "Hi there, it's Alex from Summit Recovery Services - is this Kevin Osei?",
            "hi its alex w summit recovery services, is this kevin osei?",
        ),
        VERIFY: words(
            "Thank you. For security purposes, could you please confirm your date of birth?",
            "Great, thanks Kevin. Can you confirm your date of birth for me?",
            "thx kevin. can u confirm ur date of birth pls",
        ),
        DISCLOSE: words(
            "Thank you. This is an attempt to collect a debt and any information obtained will "
            "be used for that purpose. I am calling about your Brightline Telecom account.",
            "Thanks. Just so you know, this is an attempt to collect a debt and any info will "
            "be used for that purpose. It's about your Brightline account.",
            "thx. this is an attempt to collect a debt and any info will be used for that "
            "purpose. its about ur brightline account",
        ),
        "rights": words(
            "I understand. You have the right to dispute all or part of this debt, and I can "
            "explain how to do so.",
            "Okay, I hear you. You've got every right to dispute this, and I can walk you "
            "through how.",
            "ok i hear u. u have the right to dispute this debt, i can tell u how",
        ),
        "send_email": words(
            "Yes, please email the confirmation to us and we will send you verification of "
            "the debt.",
            "Yep, just email us the confirmation and we'll send you verification.",
            "yep just email us the confirmation n we'll send u verification",
        ),
        "hold": words(
            "Yes. Collection stops while we verify the debt, and you will receive a letter "
            "with the result.",
            "Yes - collection stops while we check, and you'll get a letter with the result.",
            "yes collection stops while we check, ull get a letter w the result",
        ),
        "clarify": words(
            "I understand. You have the right to dispute this debt, and we will send you "
            "verification.",
            "Sure - you can dispute it, and we'll send you verification.",
            "sure u can dispute it n we'll send u verification",
        ),
    },
)

ANGRY = Agent(
    rules=[
        (("who is this", "who are you", "who's asking", "robocall"), GREET),
        (("this is dana", "speaking", "what do you want", "what's this about"), VERIFY),
        (("now what", "let me guess", "ends 0093", "that's right"), DISCLOSE),
        (("in writing",), "writing"),
        (("a hundred a month", "hundred a month?"), "plan_yes"),
        (("hours got cut", "fees piled", "fell behind"), "manage"),
        (("every other friday", "payday", "hundred, hundred"), "plan_yes"),
        (("calls", "robot", "vultures", "harassed", "hanging up"), "empathy"),
    ],
    wordings={
        GREET: words(
            "Good afternoon, my name is Alex and I am calling from Summit Recovery Services. "
            "Am I speaking with Dana Whitfield?",
            "Hey, it's Alex from Summit Recovery Services. Is this Dana Whitfield?",
            "hi its alex from summit recovery services, is this dana whitfield",
        ),
        VERIFY: words(
            "Thank you. For security purposes, could you please confirm your date of birth?",
            "Thanks Dana. Can you confirm your date of birth for me?",
            "thx dana. can u confirm ur date of birth",
        ),
        DISCLOSE: words(
            "Thank you. This is an attempt to collect a debt and any information obtained will "
            "be used for that purpose.",
            "Thanks. Just so you know, this is an attempt to collect a debt and any info will "
            "be used for that purpose.",
            "thx. this is an attempt to collect a debt n any info will be used for that purpose",
        ),
        "empathy": words(
            "I understand how frustrating that must be, and I am sorry about all those calls.",
            "I hear you, that sounds really frustrating. I'm sorry about all the calls.",
            "i hear u, that sounds rly frustrating. im sorry about all the calls",
        ),
        "manage": words(
            "That sounds very difficult. What amount could you manage each month?",
            "That's tough. What could you manage each month?",
            "thats tough. what could u manage each month",
        ),
        "plan_yes": words(
            "Yes, we can set up a payment plan of one hundred dollars a month.",
            "Yeah, a payment plan of a hundred a month works.",
            "yea a payment plan of 100 a month works",
        ),
        "writing": words(
            "Yes. I will send you a written confirmation today.",
            "Yes, I'll send it in writing today.",
            "yes ill send it in writing today",
        ),
        "clarify": words(
            "I understand. Could we set up a payment plan that fits your budget?",
            "I hear you. Could we work out a payment plan that fits your budget?",
            "i hear u. could we do a payment plan that fits ur budget",
        ),
    },
)

HARDSHIP = Agent(
    rules=[
        (("who's calling", "who are you", "who is this for", "trying to reach"), GREET),
        (("this is maria", "maria lopez", "speaking", "what is this about"), VERIFY),
        (("the loan",), DISCLOSE),
        (("lost my job", "let me go", "hospital"), "pause"),
        (("behind", "embarrassed", "i'm sorry"), "what_happened"),
        (("pause would help", "could we", "paused"), "pause_yes"),
    ],
    wordings={
        GREET: words(
            "Good morning, my name is Alex and I am calling from Summit Recovery Services. "
            "May I speak with Maria Lopez, please?",
            "Hi, it's Alex from Summit Recovery Services. Is this Maria Lopez?",
            "hi its alex from summit recovery services. is this maria lopez",
        ),
        VERIFY: words(
            "Thank you, Maria. For security purposes, could you confirm your address?",
            "Thanks Maria. Could you confirm your address for me?",
            "thx maria, can u confirm ur adress",
        ),
        DISCLOSE: words(
            "Yes, it is. This is an attempt to collect a debt and any information obtained "
            "will be used for that purpose.",
            "Yeah, it is. This is an attempt to collect a debt and any info will be used for "
            "that purpose.",
            "yea it is. this is an attempt to collect a debt n any info will be used for that "
            "purpose",
        ),
        "what_happened": words(
            "Please do not worry. Could you tell me a little about what has been happening?",
            "Please don't worry about that. Can you tell me what's been going on?",
            "pls dont worry. can u tell me whats been going on",
        ),
        "pause": words(
            "I am so sorry to hear that. We could pause your payments for thirty days while "
            "you get back on your feet.",
            "I'm so sorry, that's a lot. We can pause your payments for 30 days while you "
            "sort things out.",
            "im so sorry thats a lot. we can pause ur payments for 30 days while u sort things out",
        ),
        "pause_yes": words(
            "Yes, we can. I will note the account and send you a letter confirming the pause.",
            "Yes we can. I'll note the account and send you a letter confirming the pause.",
            "yes we can. ill note the account n send u a letter confirming the pause",
        ),
        "clarify": words(
            "I am sorry this is so hard. We could pause your payments while you look for work.",
            "I'm sorry this is so hard. We can pause the payments while you look for work.",
            "im sorry this is so hard. we can pause the payments while u look for work",
        ),
    },
)

UNREACHABLE = Agent(
    rules=[
        (("hello?",), "ask_for_jordan"),
        (("doesn't live here", "not here", "who's calling", "who is this"), "locate"),
        (("company", "what it's about", "vague"), "company"),
        (("work number", "pass on a message", "tell them you called", "message passed"), "msg"),
        (("message to call", "left me a message"), VERIFY),
        (("what's going on", "what is this"), DISCLOSE),
        (("at work", "can't talk", "not now"), "callback"),
        (("after six",), "confirm_time"),
    ],
    wordings={
        "voicemail": words(
            "Hello, this message is for Jordan Reyes. My name is Priya with SRS. Please call "
            "me back at 800-555-0100. Thank you.",
            "Hi, this is Priya from SRS for Jordan Reyes. Please give me a call back at "
            "800-555-0100. Thanks!",
            "hi this is priya from SRS for jordan reyes, pls call me back at 800-555-0100 thx",
        ),
        "ask_for_jordan": words(
            "Good afternoon. May I speak with Jordan Reyes, please?",
            "Hi there, could I speak to Jordan Reyes please?",
            "hi cud i speak to jordan reyes pls",
        ),
        "locate": words(
            "My name is Priya. I am trying to reach Jordan - would you happen to have a "
            "current phone number for them?",
            "Oh, this is Priya. I'm just trying to get in touch with Jordan - do you have a "
            "current number for them?",
            "oh this is priya, im trying to get in touch w jordan - do u have a current number "
            "for them",
        ),
        "company": words(
            "I am calling from SRS. It is a personal business matter; could you ask Jordan to "
            "call me back on 800-555-0100?",
            "I'm calling from SRS - it's a personal matter. Could you ask Jordan to call me "
            "back on 800-555-0100?",
            "im calling from SRS, its personal. cud u ask jordan to call me back on 800-555-0100",
        ),
        "msg": words(
            "Yes, please. Could you ask Jordan to call me back on 800-555-0100?",
            "Yes please - could you ask Jordan to call me back on 800-555-0100?",
            "yes pls - cud u ask jordan to call me back on 800-555-0100",
        ),
        VERIFY: words(
            "Thank you for calling back, Jordan. For security, could you confirm your date of "
            "birth?",
            "Thanks for calling back, Jordan! Can you confirm your date of birth for me?",
            "thx for calling back jordan. can u confirm ur date of birth",
        ),
        DISCLOSE: words(
            "Thank you. This is an attempt to collect a debt and any information obtained will "
            "be used for that purpose.",
            "Thanks. This is an attempt to collect a debt and any info will be used for that "
            "purpose.",
            "thx. this is an attempt to collect a debt n any info will be used for that purpose",
        ),
        "callback": words(
            "I understand. When would be a better time for me to call you back?",
            "No problem. When's a better time for me to call you back?",
            "no prob. when is a better time to call u back",
        ),
        "confirm_time": words(
            "Yes, after six works. I will call you then. Thank you.",
            "Yep, after six works. I'll call you then, thanks!",
            "yep after 6 works. ill call u then thx",
        ),
        "clarify": words(
            "I understand. Could you ask Jordan to call me back on 800-555-0100?",
            "Sure - could you ask Jordan to call me back on 800-555-0100?",
            "sure cud u ask jordan to call me back on 800-555-0100",
        ),
    },
    opening="voicemail",
)

SKILLED = {
    "dispute": (DISPUTE, {"dispute_logged", "promise_to_pay"}),
    "angry-customer": (ANGRY, {"payment_plan", "promise_to_pay", "callback_arranged"}),
    "hardship": (HARDSHIP, {"forbearance", "payment_plan", "callback_arranged"}),
    "unreachable": (UNREACHABLE, {"callback_arranged", "location_confirmed"}),
}


# -- the channel -------------------------------------------------------------------------------
@dataclass
class Played:
    lines: list[dict]  # the turn lines, the opening first
    report: dict


def converse(scenario: str, agent: Agent, seed: int, tmp_path, max_turns: int = 14) -> Played:
    """Play a call with a live `sim run --interactive` process, one reply at a time."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", "run", scenario, "--interactive", "--seed", str(seed)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert process.stdin and process.stdout
    lines = [json.loads(process.stdout.readline())]
    while not lines[-1]["ended"] and len(lines) <= max_turns:
        process.stdin.write(agent.reply(lines[-1]["debtor"], lines[-1]["turn"]) + "\n")
        process.stdin.flush()  # the call answers before it sees the next reply
        lines.append(json.loads(process.stdout.readline()))
    process.stdin.close()
    report = json.loads(process.stdout.readline())
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    return Played(lines, report)


def transcript(played: Played) -> list[str]:
    return [line["debtor"] for line in played.lines]


def never_repeats(played: Played) -> bool:
    return all(a != b for a, b in itertools.pairwise(transcript(played)))


# -- the proof ---------------------------------------------------------------------------------
@pytest.mark.parametrize("register", REGISTERS)
@pytest.mark.parametrize("scenario", sorted(SKILLED))
def test_a_skilled_agent_reaches_a_good_outcome_in_every_register(scenario, register, tmp_path):
    agent, good = SKILLED[scenario]
    for seed in (0, 1):
        played = converse(scenario, replace(agent, register=register, used=set()), seed, tmp_path)
        assert played.report["outcome"] in good, (seed, transcript(played))
        assert never_repeats(played), transcript(played)


def newcomer(name: str) -> Agent:
    """Someone on their first call: answers the question just asked, in plain short words,
    with no script (a yes where a yes is asked for, their own name when asked who they are)."""
    first = name.split()[0].lower()
    plain = {
        "voicemail": f"hi its sam for {first}, pls call me back at 800-555-0100",
        "ask": f"hi is {first} there?",
        "who": f"im sam, i work at summit recovery services. is this {name.lower()}?",
        "company": "summit recovery services",
        "about": "can u confirm ur birthday first",
        "about_again": "its about ur account. im a debt collector, this is an attempt to "
        "collect a debt",
        "loan": "yes. sorry. its the loan",
        "owe": "ok. u can dispute it if u think its wrong",
        "calls": "sorry about all the calls, that sounds annoying",
        "amount": "yes that works",
        "later": "ok can i call u back later?",
        "writing": "yes ill send it in writing",
        "email": "yes email it to us",
        "yes": "yes",
        "what_happened": "its ok. what happened?",
        "sorry": "oh im sorry to hear that. what can u manage?",
        "clarify": "sorry, what do u mean?",
    }
    rules: Rules = [
        (("leave a message", "beep", "tone"), "voicemail"),
        (("hello?", "who are you looking for"), "ask"),
        (("company",), "company"),
        (("who",), "who"),
        (("the loan", "northwind again"), "loan"),
        (("don't owe", "cancelled", "billing error"), "owe"),
        (("times this week", "how many calls", "robot"), "calls"),
        (("a month", "three hundred"), "amount"),
        (("at work", "can't talk"), "later"),
        (("in writing",), "writing"),
        (("email",), "email"),
        (("hold off", "on hold", "after six", "pass on a message", "tell them you called"), "yes"),
        (("behind", "embarrassed"), "what_happened"),
        (("lost my job", "let me go", "hospital"), "sorry"),
        (("this is", "speaking", "that's me"), "about"),
        (("about", "what do you want", "what do you need", "what is it", "go ahead"), "about"),
    ]
    return Agent(rules, {k: {"plain": v} for k, v in plain.items()}, "plain", "")


DEBTORS = {
    "dispute": "Kevin Osei",
    "angry-customer": "Dana Whitfield",
    "hardship": "Maria Lopez",
    "unreachable": "Jordan Reyes",
}


@pytest.mark.parametrize("scenario", sorted(DEBTORS))
def test_a_newcomer_answering_the_question_is_not_hung_up_on(scenario, tmp_path):
    for seed in (0, 1, 2):
        agent = newcomer(DEBTORS[scenario])
        agent.opening = "voicemail" if scenario == "unreachable" else "who"
        played = converse(scenario, agent, seed, tmp_path, max_turns=8)
        assert played.report["outcome"] != "hung_up", (
            played.report["ended_because"],
            transcript(played),
        )
        assert never_repeats(played), transcript(played)
