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

from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

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
            "Yes, we can. I will note the account and send you a letter confirming the pause. "
            "There is also free, confidential debt advice from non-profit services if you "
            "would like it.",
            "Yes we can. I'll note the account and send you a letter confirming the pause. "
            "There's free debt advice from non-profits too, if you want it.",
            "yes we can. ill note the account n send u a letter confirming the pause. theres "
            "free debt advice from non profits too if u want it",
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


def greeting(first: str, name: str) -> dict[str, str]:
    """Who is calling and for whom, in one breath (every call but the voicemail)."""
    return words(
        f"Good afternoon, my name is Alex and I am calling from Summit Recovery Services. "
        f"May I speak with {name}, please?",
        f"Hi, it's Alex from Summit Recovery Services - is this {name}?",
        f"hi its alex w summit recovery services, is this {name.lower()}",
    )


def birthday(first: str) -> dict[str, str]:
    return words(
        f"Thank you, {first}. For security purposes, could you please confirm your date of birth?",
        f"Thanks {first}. Can you confirm your date of birth for me?",
        f"thx {first.lower()}, can u confirm ur date of birth",
    )


def disclosure(about: str) -> dict[str, str]:
    """The mini-Miranda, then what the call is about."""
    return words(
        "Thank you. This is an attempt to collect a debt and any information obtained will "
        f"be used for that purpose. I am calling about {about}.",
        "Thanks. Just so you know, this is an attempt to collect a debt and any info will be "
        f"used for that purpose. It's about {about}.",
        "thx. this is an attempt to collect a debt n any info will be used for that purpose. "
        f"its about {about}",
    )


MISSED_PROMISE = Agent(
    rules=[
        (
            ("who's this", "curtis's phone", "yeah, hello", "who are you after", "who do you want"),
            GREET,
        ),
        (("this is curtis", "that's me", "curtis bell"), VERIFY),
        (("what's this about", "go ahead", "is this the bank", "what is it"), DISCLOSE),
        (("liar", "crook", "talked down"), "sorry"),
        (
            ("sent that", "sent it", "sent something", "come through", "check your system"),
            "not_arrived",
        ),
        (
            ("bounced", "bank held", "what else to tell", "what do you want me to do"),
            "what_happened",
        ),
        (("transmission", "where does that leave", "what can we do"), "manage"),
        (("$125", "split", "each payday", "twice"), "plan_yes"),
        (("15th", "one go", "one payment"), "lump_yes"),
    ],
    wordings={
        GREET: greeting("Curtis", "Curtis Bell"),
        VERIFY: birthday("Curtis"),
        DISCLOSE: words(
            "Thank you. This call is from a debt collector. I am calling about the $250 "
            "payment on your Granite Ridge Bank account that was due on the 1st.",
            "Thanks. Just so you know, I'm a debt collector - I'm calling about the $250 "
            "payment that was set for the 1st.",
            "thx. im a debt collector, calling about the $250 payment that was due on the 1st",
        ),
        "not_arrived": words(
            "I have checked, and we have not received it. Could you tell me what happened?",
            "I looked, and nothing's come in on our side. What happened?",
            "i checked n we havent got it. what happened?",
        ),
        "what_happened": words(
            "That's all right. Can you tell me what has been going on since we last spoke?",
            "No worries. What's been going on since we last talked?",
            "no worries. whats been going on since we last talked",
        ),
        "sorry": words(
            "I apologise, I did not mean it that way. I understand; what happened?",
            "Sorry, I didn't mean it like that. I get it - what happened?",
            "sorry didnt mean it like that. i get it, what happened",
        ),
        "manage": words(
            "Thank you for being honest with me; I understand, that sounds stressful. What "
            "could you manage, and when?",
            "Thanks for being straight with me, that sounds stressful. What could you manage, "
            "and when?",
            "thx for being straight w me, that sounds stressful. what cud u manage n when",
        ),
        "plan_yes": words(
            "Yes, $125 on the 15th and $125 on the 29th works. I will set that up and send "
            "you a confirmation.",
            "Yep, $125 on the 15th and $125 on the 29th works. I'll set it up and send you a "
            "confirmation.",
            "yep $125 on the 15th n $125 on the 29th works. ill set it up n send u a confirmation",
        ),
        "lump_yes": words(
            "Yes, $250 on the 15th works. I will note it and send you a confirmation.",
            "Okay, $250 on the 15th works. I'll note it and send you a confirmation.",
            "ok $250 on the 15th works. ill note it n send u a confirmation",
        ),
        "clarify": words(
            "I understand. What could you manage, and when?",
            "I get it. What could you manage, and when?",
            "i get it. what cud u manage n when",
        ),
    },
)

ATTORNEY = Agent(
    rules=[
        (
            (
                "residence",
                "who's calling",
                "who is this for",
                "who are you trying",
                "like to speak",
                "can i help",
            ),
            GREET,
        ),
        (("this is gloria", "mrs. hayes", "this is she"), VERIFY),
        (("what is this about", "this is regarding", "what is this regarding"), DISCLOSE),
        (("how much", "the amount"), "to_attorney"),
        (("ruiz", "555-0175"), "noted"),
        (("attorney", "lawyer", "his details", "his name", "his number", "waiting"), "contact"),
        (("anything else", "is that all"), "to_attorney"),
    ],
    wordings={
        GREET: greeting("Gloria", "Gloria Hayes"),
        VERIFY: birthday("Gloria"),
        DISCLOSE: disclosure("your Cedar Point Medical Group account"),
        "contact": words(
            "I am sorry it has been such a difficult year. Thank you for telling me; could I "
            "have your attorney's name and phone number, please?",
            "I'm sorry it's been such a rough year, and thanks for letting me know. What's your "
            "lawyer's name and number?",
            "sorry its been such a rough year, thx for telling me. whats ur lawyers name n number",
        ),
        "noted": words(
            "Thank you. I have noted Daniel Ruiz at 555-0175, and from now on we will contact "
            "him directly about this account.",
            "Got it - Daniel Ruiz, 555-0175. From now on we'll deal with him directly.",
            "got it, daniel ruiz 555-0175. from now on we'll deal w him directly",
        ),
        "to_attorney": words(
            "All of the account details will go to Mr. Ruiz; we will contact him directly.",
            "I'll send all of that to Mr. Ruiz - we'll contact him directly.",
            "ill send all that to mr ruiz, we'll contact him directly",
        ),
        "clarify": words(
            "I understand. Could I have your attorney's name and phone number?",
            "Sure. What's your lawyer's name and number?",
            "sure. whats ur lawyers name n number",
        ),
    },
)

STOP_CALLING = Agent(
    rules=[
        (("stop calling", "calls to stop", "calls going to stop", "are they stopping"), "cease"),
        (
            ("depot,", "make it quick", "who's this", "who you looking for", "who do you want"),
            GREET,
        ),
        (("martin kowalski", "that's me"), VERIFY),
        (("card thing", "store card", "spit it out", "well?"), DISCLOSE),
        (("after seven", "evenings"), "time_yes"),
        (("in writing", "write to me", "writing, right", "letters only"), "writing_yes"),
        (("stop", "calling me", "calls"), "cease"),
    ],
    wordings={
        GREET: greeting("Martin", "Martin Kowalski"),
        VERIFY: birthday("Martin"),
        DISCLOSE: disclosure("your Ridgeline Outfitters store card"),
        "cease": words(
            "I understand, and I am sorry the calls reached you at work. I will record your "
            "request that we stop calling you. Would letters or email at home suit you better?",
            "Got it, and sorry about the calls at work. We'll stop calling you - I'll put that "
            "on the account. Would letters or email at home be better?",
            "got it, sorry bout the calls at work. we wont call u anymore, ill put that on ur "
            "account. wud letters or email at home be better",
        ),
        "writing_yes": words(
            "Yes. I have noted it on the account: from now on we will contact you in writing "
            "only, by letter or email at home.",
            "Yep, it's on the account now: letters or email at home only, no more calls.",
            "yep its on the account now: letters or email at home only, no more calls",
        ),
        "time_yes": words(
            "Understood. I have noted your cell, after seven in the evening, and never at work.",
            "Got it - your cell, after seven, never at work. I've noted it.",
            "got it, ur cell after 7, never at work. noted",
        ),
        "clarify": words(
            "I understand. I will record that you want the calls to stop. Would letters or "
            "email be better?",
            "Okay. I'll note that you want the calls to stop. Letters or email instead?",
            "ok. ill note u want the calls to stop. letters or email instead?",
        ),
    },
)

TIME_BARRED = Agent(
    rules=[
        (
            (
                "residence",
                "hello?",
                "harold speaking",
                "who's calling",
                "can i help",
                "who is it you want",
                "who did you want",
            ),
            GREET,
        ),
        (("this is harold", "harold jennings"), VERIFY),
        (("what's this about", "is something the matter", "go ahead"), DISCLOSE),
        (("in writing", "on paper", "twenty"), "letter"),
        (("clock", "restart"), "restart"),
        (("court", "sue"), "time_bar"),
        (("long gone", "eight, nine years", "coming up now", "mean for me"), "time_bar"),
        (("weight off", "thank heavens", "what happens now", "asking me to do"), "voluntary"),
        (("believe", "consumer helpline", "trust"), "time_bar"),
    ],
    wordings={
        GREET: greeting("Harold", "Harold Jennings"),
        VERIFY: birthday("Harold"),
        DISCLOSE: disclosure("your old Lakeshore Home Electronics card"),
        "time_bar": words(
            "I understand your concern. Because of the age of this debt, we cannot sue you for it.",
            "Don't worry - this debt is too old for us to sue you over it.",
            "dont worry, this debt is too old for us to sue u over it",
        ),
        "voluntary": words(
            "Whether you pay anything is entirely your choice. If you wish, we could set up a "
            "small voluntary plan, or I can send you the details in writing.",
            "It's totally up to you whether you pay. We could do a small voluntary plan if "
            "you like, or I can send it all in writing.",
            "its totally up to u whether u pay. we cud do a small voluntary plan if u like, or "
            "i can send it all in writing",
        ),
        "restart": words(
            "That is a good question. In many states, making a payment can restart the time "
            "limit. It is entirely your decision.",
            "Good question. In a lot of states, making a payment can restart the time limit "
            "for a lawsuit. It's completely your call.",
            "good q. in lots of states a payment can restart the time limit for a lawsuit. "
            "its totally ur call",
        ),
        "letter": words(
            "Of course. I will send you everything in writing first, and you can decide from "
            "there.",
            "Sure thing. I'll send you everything in writing first and you can decide after.",
            "sure, ill send u everything in writing first n u can decide after",
        ),
        "clarify": words(
            "I'm sorry for the confusion. This debt is too old for us to sue you over it.",
            "Sorry, let me be clear: this debt is too old for us to sue you over it.",
            "sorry, to be clear: this debt is too old for us to sue u over it",
        ),
    },
)

HANGS_UP = Agent(
    rules=[
        (("this is terry", "it's terry"), VERIFY),
        (("hurry up", "what is this", "what's this about", "get to it"), DISCLOSE),
        (("friday", "saturday", "text"), "time_yes"),
        (("fifty",), "plan_yes"),
        (("bayside", "six hundred", "$612", "options", "in pieces", "what do i do"), "plan"),
        (("owe it", "don't have it"), "plan"),
        (
            ("calls a week", "how many calls", "keep calling", "what do you want", "so what"),
            "sorry",
        ),
        (("*click*", "yeah?", "what.", "ten seconds", "you again"), "brief"),
        (("yo.", "hello?", "who?", "who's this for"), GREET),
    ],
    wordings={
        GREET: greeting("Terry", "Terry Lang"),
        VERIFY: birthday("Terry"),
        DISCLOSE: disclosure("your Bayside Wireless account"),
        "brief": words(
            "Terry, it's Alex from Summit again; I will be brief. I know you get a lot of "
            "calls, and I am sorry about that. When would be a good time for two minutes?",
            "Hey Terry, Alex from Summit again - I'll be quick. I know you get loads of calls, "
            "sorry about that. When's a good time for two minutes?",
            "hey terry, alex from summit again, ill be quick. i know u get loads of calls, "
            "sorry bout that. when is a good time for 2 mins",
        ),
        "sorry": words(
            "I understand, that is a lot of calls and I am sorry. What is going on with the "
            "account?",
            "I get it, that's a lot of calls, sorry. What's going on with the account?",
            "i get it thats a lot of calls sorry. whats going on w the account",
        ),
        "plan": words(
            "I understand. We could set up a payment plan of fifty dollars a month. Would that "
            "work for you?",
            "That's fair. We could do a payment plan of fifty a month - would that work?",
            "thats fair. we cud do a payment plan of 50 a month, wud that work",
        ),
        "plan_yes": words(
            "Yes, fifty a month from the 1st works. I will set it up and send you a confirmation.",
            "Yep, fifty a month from the 1st. I'll set it up and send you a confirmation.",
            "yep 50 a month from the 1st. ill set it up n send u a confirmation",
        ),
        "time_yes": words(
            "That works. I will text you first, then call at that time. Thank you, Terry.",
            "Works for me. I'll text first, then call then. Thanks Terry.",
            "works 4 me. ill text first then call. thx terry",
        ),
        "clarify": words(
            "I understand. When would be a good time for a quick call?",
            "No problem. When's a good time for a quick call?",
            "no prob. when is a good time for a quick call",
        ),
    },
)

IDENTITY_THEFT = Agent(
    rules=[
        (("aisha rahman", "speaking."), VERIFY),
        (("hello?", "this is aisha", "who's calling", "who are you", "who is this"), GREET),
        (("what is this about", "go ahead", "go on", "okay?"), DISCLOSE),
        (("stop collecting", "on hold", "collection stops"), "hold"),
        (("where do i send", "ftc report number", "what exactly do you need"), "send"),
        (("tomorrow",), "time_yes"),
        (("apology", "victim", "made this up"), "sorry"),
        (
            (
                "not mine",
                "isn't mine",
                "stolen",
                "stole",
                "dispute",
                "options",
                "what do i do",
                "what happens now",
                "what do you need",
            ),
            "rights",
        ),
    ],
    wordings={
        GREET: greeting("Aisha", "Aisha Rahman"),
        VERIFY: birthday("Aisha"),
        DISCLOSE: disclosure("a Crestline Furniture Credit account"),
        "rights": words(
            "I am so sorry that happened to you. You have the right to dispute this account, "
            "and we will treat it as an identity theft dispute.",
            "I'm really sorry that happened. You've got every right to dispute this, and we'll "
            "handle it as identity theft.",
            "im rly sorry that happened. u have the right to dispute this, we'll handle it as "
            "identity theft",
        ),
        "sorry": words(
            "I apologise; I did not mean that at all. You have the right to dispute this "
            "account as identity theft.",
            "I'm sorry, I didn't mean that at all. You've every right to dispute this as "
            "identity theft.",
            "sorry i didnt mean that at all. u have the right to dispute this as identity theft",
        ),
        "send": words(
            "Please send us a copy of your FTC report and the fraud alert letter, by email or "
            "post. We will investigate and write to you with the result.",
            "Just send us a copy of the FTC report and the fraud alert letter, by email or "
            "post, and we'll look into it and write to you.",
            "just send us a copy of the ftc report n the fraud alert letter, email or post, "
            "n we'll look into it n write to u",
        ),
        "hold": words(
            "Yes. Collection stops while we investigate, and it will not be reported as your debt.",
            "Yes - collection stops while we look into it, and it won't be reported as yours.",
            "yes collection stops while we look into it, n it wont be reported as urs",
        ),
        "time_yes": words(
            "Tomorrow after five works. I will call you then to go through the documents.",
            "Tomorrow after five is great - I'll call you then and we'll go through it.",
            "tmrw after 5 works, ill call u then n we'll go thru it",
        ),
        "clarify": words(
            "I understand. You have the right to dispute this, and we will investigate it.",
            "Sure - you can dispute this, and we'll look into it.",
            "sure u can dispute this n we'll look into it",
        ),
    },
)

SKILLED = {
    "dispute": (DISPUTE, {"dispute_logged", "promise_to_pay"}),
    "angry-customer": (ANGRY, {"payment_plan", "promise_to_pay", "callback_arranged"}),
    "hardship": (HARDSHIP, {"forbearance", "payment_plan", "callback_arranged"}),
    "unreachable": (UNREACHABLE, {"callback_arranged", "location_confirmed"}),
    "missed-promise": (MISSED_PROMISE, {"payment_plan", "promise_to_pay"}),
    "attorney": (ATTORNEY, {"attorney_referred"}),
    "stop-calling": (STOP_CALLING, {"contact_in_writing", "callback_arranged"}),
    "time-barred": (TIME_BARRED, {"payment_plan", "letter_requested"}),
    "hangs-up": (HANGS_UP, {"payment_plan", "callback_arranged"}),
    "identity-theft": (IDENTITY_THEFT, {"fraud_dispute_logged", "callback_arranged"}),
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
        "again": f"hi {first} its sam from summit again. when is a good time to call u?",
        "time": "ok ill text u first and call u then",
        "lawyer": "ok whats ur lawyers name and number?",
        "lawyer_noted": "ok thanks, we will call him from now on",
        "to_lawyer": "we will talk to ur lawyer about that",
        "stop": "ok sorry, we wont call u anymore. can we write to u instead?",
        "court": "no, its too old, we cant take u to court",
        "clock": "yes it might restart it. its up to u",
        "not_received": "no we didnt get it. what happened?",
        "not_yours": "oh no im sorry. u can dispute it if its not urs",
        "send": "u can email it to us and we will look into it",
        "apology": "sorry i didnt mean it like that",
        "monthly": "can u pay a bit each month?",
        "write": "ok we will only write to u from now on",
        "voluntary": "nothing u have to do. paying is up to u",
    }
    rules: Rules = [
        (("*click*", "ten seconds", "you again"), "again"),
        (("friday", "saturday", "tomorrow after five", "tomorrow evening"), "time"),
        (("attorney", "lawyer", "his details", "his name"), "lawyer"),
        (("ruiz",), "lawyer_noted"),
        (("how much", "amount you're after"), "to_lawyer"),
        (("stop calling", "calls to stop", "calls going to stop"), "stop"),
        (("write to me", "writing, right", "letters only"), "write"),
        (("weight off", "thank heavens", "want from me", "asking me to do"), "voluntary"),
        (("sue", "court"), "court"),
        (("clock", "restart"), "clock"),
        (("on paper", "the letter first"), "writing"),
        (("sent that", "sent it", "come through"), "not_received"),
        (("liar", "crook", "victim", "made this up"), "apology"),
        (("not mine", "isn't mine", "stole"), "not_yours"),
        (("ftc", "where do i send"), "send"),
        (("stop collecting", "collection stops"), "yes"),
        (("bayside", "six hundred", "don't have it", "options"), "monthly"),
        (("bounced", "bank held"), "what_happened"),
        (("transmission",), "sorry"),
        (("$125", "fifty", "$250 on the 15th"), "amount"),
        (("leave a message", "beep", "tone"), "voicemail"),
        (("hello?", "who are you looking for"), "ask"),
        (("company",), "company"),
        (("who",), "who"),
        (("the loan", "northwind again"), "loan"),
        (("don't owe", "cancelled", "billing error"), "owe"),
        (("times this week", "how many calls", "robot"), "calls"),
        (("a month", "three hundred"), "amount"),
        (("at work", "can't talk"), "later"),
        (("in writing", "on paper"), "writing"),
        (("email",), "email"),
        (("hold off", "on hold", "after six", "pass on a message", "tell them you called"), "yes"),
        (("behind", "embarrassed"), "what_happened"),
        (("lost my job", "let me go", "hospital"), "sorry"),
        (("this is", "speaking", "that's me", name.lower(), f"it's {first}"), "about"),
        (("store card", "card thing", "the matter", "hurry up", "what is this", "go on"), "about"),
        (("about", "what do you want", "what do you need", "what is it", "go ahead"), "about"),
    ]
    return Agent(rules, {k: {"plain": v} for k, v in plain.items()}, "plain", "")


def debtor_name(scenario: str) -> str:
    return load_scenario(SCENARIOS / f"{scenario}.yaml").debtor.name


@pytest.mark.parametrize("scenario", sorted(SKILLED))
def test_a_newcomer_answering_the_question_is_not_hung_up_on(scenario, tmp_path):
    for seed in (0, 1, 2):
        agent = newcomer(debtor_name(scenario))
        agent.opening = "voicemail" if scenario == "unreachable" else "who"
        played = converse(scenario, agent, seed, tmp_path, max_turns=8)
        assert played.report["outcome"] != "hung_up", (
            played.report["ended_because"],
            transcript(played),
        )
        assert never_repeats(played), transcript(played)
