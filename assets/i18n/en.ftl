### English. Every file has the same messages, in the same order.
### Write plainly and kindly: the reader is a student, not a technician.

## Strength meter

strength-very-weak = Very weak
strength-weak = Weak
strength-fair = Fair
strength-strong = Strong
strength-very-strong = Very strong
# $label: one of the labels above
strength-label = Strength: { $label }

## Meter warnings (from zxcvbn)

zx-warn-straight-row = Keys in a row, like qwerty, are easy to guess.
zx-warn-keyboard-pattern = Short patterns on the keyboard are easy to guess.
zx-warn-repeated-char = Repeats like “aaa” are easy to guess.
zx-warn-repeated-pattern = Repeats like “abcabcabc” are only a little harder to guess than “abc”.
zx-warn-top10 = This is one of the 10 most common passwords.
zx-warn-top100 = This is one of the 100 most common passwords.
zx-warn-common = This is a very common password.
zx-warn-similar-to-common = This is similar to a common password.
zx-warn-sequence = Sequences like abc or 6543 are easy to guess.
zx-warn-recent-year = Recent years are easy to guess.
zx-warn-single-word = A single word is easy to guess.
zx-warn-date = Dates are often easy to guess.
zx-warn-name-alone = A name on its own is easy to guess.
zx-warn-common-name = Common first names and surnames are easy to guess.

## Meter tips (from zxcvbn)

zx-sugg-use-few-words = Use a few words, but avoid common phrases.
zx-sugg-no-need-for-symbols = Length matters more than symbols, digits and capital letters.
zx-sugg-add-another-word = Add another word or two. Unusual words are best.
zx-sugg-capitalization = Capital letters don't help very much.
zx-sugg-all-uppercase = All capitals is almost as easy to guess as all small letters.
zx-sugg-reversed-words = Words spelled backwards aren't much harder to guess.
zx-sugg-predictable-substitutions = Predictable swaps, like @ instead of a, don't help very much.
zx-sugg-longer-keyboard-pattern = Use a longer pattern on the keyboard, with more turns.
zx-sugg-avoid-repeats = Avoid repeated words and characters.
zx-sugg-avoid-sequences = Avoid sequences like abc or 123.
zx-sugg-avoid-recent-years = Avoid recent years.
zx-sugg-avoid-personal-years = Avoid years that have to do with you.
zx-sugg-avoid-personal-dates = Avoid dates and years that have to do with you.

## Password rules (the checklist)

# $n: number of characters
rule-min-length =
    { $n ->
        [one] At least { $n } character
       *[other] At least { $n } characters
    }
# $n: number of characters
rule-max-length =
    { $n ->
        [one] At most { $n } character
       *[other] At most { $n } characters
    }
rule-lowercase = A lowercase letter
rule-uppercase = An uppercase letter
rule-digit = A digit
rule-symbol = A symbol, such as ! ? # or a space
rule-not-common = Not a common password
rule-no-personal = Not your name, username or the school's name
# $label: a strength label, e.g. “Strong”
rule-min-strength = Strength at least “{ $label }”
# $n: how many earlier passwords are checked
rule-history =
    { $n ->
        [one] Not your last password
       *[other] Not one of your last { $n } passwords
    }
rule-complexity = Three kinds of characters (A–Z, a–z, 0–9, symbols), not your name
# $rule: the history rule's text, while its check runs or waits for the database
rule-history-checking = { $rule } (checking…)
rule-history-later = { $rule } (checked when you save)
rule-match = The two passwords match

## Errors

# $office: " (place, hours)" of the office from support.place and support.hours, or nothing
error-invalid-credentials = The username or password is wrong, or the account is locked. Try again, or ask the office staff{ $office }.
error-locked = Too many attempts: this username is locked. Please ask the office staff{ $office } for help.
# $time: a time of day, e.g. 14:30
error-locked-until = Too many attempts. Try again after { $time }, or ask the office staff{ $office }.
# The kiosk slows down after wrong passwords; $n: seconds left
error-wait =
    { $n ->
        [one] Too many wrong passwords at this kiosk. Wait one second, then try again.
       *[other] Too many wrong passwords at this kiosk. Wait { $n } seconds, then try again.
    }
error-wait-over = You can try again now.
error-conflict = Your password was changed from another place at the same time. Please try again.
error-unavailable = The service is temporarily unavailable. Please ask the office staff{ $office }.
# $n: the most characters allowed
error-too-long = A password can have at most { $n } characters.
error-policy = The new password does not meet the rules.
error-temp-expired = This temporary password is no longer valid. Please ask the office staff{ $office } for a new one.

## ui
## The screens' text. The reader is a student in a hurry: short sentences, say what to do.

# After the school's name in the header.
ui-title = Change password
# $n: seconds left before the screen is cleared
ui-countdown = Screen clears in { $n } s — press any key to continue
# Input came faster than a person types, many times; $n: seconds left
ui-machine-banner = Typed faster than a person types: the kiosk waits { $n } s.
ui-unavailable-banner = Temporarily unavailable — please ask the office staff
ui-too-small = Please enlarge the window (80×24)
# Key names, as printed on the keyboard.
ui-key-enter = Enter
ui-key-esc = Esc
ui-key-tab = Tab
# What the keys do, in the footer.
ui-hint-start = Start
ui-hint-continue = Continue
ui-hint-back = Back
ui-hint-switch-field = Switch field
ui-hint-next-field = Next field
ui-hint-save = Save
ui-hint-choose = Choose
ui-hint-finish = Finish
ui-hint-help = Help
# The other files add "Language" in English, so the switch can always be found.
ui-hint-language = Language
ui-hint-quit = Quit
ui-language = Language
# $school: the school's name
ui-welcome-title = Welcome to { $school }!
ui-welcome-intro = Here you change the password of your school account, for example when it has expired or when the office staff have given you a temporary password.
ui-welcome-language-hint = change the language
ui-welcome-start = Press Enter to start.
ui-help-prompt = Don't know your username?
ui-help-title = Help with your username
# $unit: the support unit, e.g. the IT unit
ui-help-body = Contact { $unit } and they will help you.
ui-help-phone = Phone
ui-help-email = Email
ui-help-hours = Opening hours
ui-help-place = Where
ui-help-close = Press F1 again to close.
ui-identify-title = What is your username?
ui-identify-intro = Type the username you use on the school's computers, then press Enter.
ui-username = Username
ui-identify-busy = Looking for your account…
ui-identify-error-empty = Type your username first.
ui-identify-error-bad-characters = A username can only contain letters, digits and . _ - @ (no spaces).
# $n: the most characters allowed
ui-identify-error-too-long = A username can have at most { $n } characters.
ui-identify-error-unknown = We can't find an account with that username. Check the spelling, or press F1 for help.
ui-method-title = How do you want to show that it's you?
# $username: the username the student typed
ui-method-for = Account: { $username }
ui-method-intro = Choose with ↑ ↓ and press Enter.
ui-method-password = Current or temporary password
ui-method-password-detail = The password you have now, or a temporary one the office staff gave you.
ui-method-questions = Security questions
ui-method-questions-detail = Answer the questions you chose in your profile.
ui-method-sms = Code by text message
ui-method-sms-detail = We send a one-time code to your mobile phone.
ui-current-title = Your current password
ui-current-intro = Type the password you have now, or the temporary password from the office staff, then press Enter.
ui-password = Password
ui-current-busy = Checking…
ui-new-title = Choose a new password.
# $name: the student's name
ui-new-greeting = Hi { $name }! Choose a new password.
ui-new-intro = Tip: a few words in a row that only you would think of are easy to remember and hard to guess.
ui-new-field = New password
ui-repeat-field = Repeat
ui-strength = Strength
ui-rules-title = Rules for your password:
ui-notice-rules-not-met = Not every requirement is met yet. See the list above.
ui-notice-mismatch = The two passwords are not the same. Type the same password in both fields.
ui-notice-rejected = The password was not accepted. See the list above and choose another one.
ui-notice-leave = Leave without a new password? You will need the office{ $office } again. Press Esc again to leave, or any other key to stay.
ui-new-busy = Saving…
ui-new-retry = Not saved yet: it will be saved as soon as the database is back. Please wait here.
ui-done-changed = Done! Your password has been changed.
# $date: a date, e.g. 2027-01-01
ui-done-expires = You will need to change it again by { $date }.
ui-done-no-expiry = Your password does not expire.
ui-done-next-changed = Use the new password from now on, also on your phone if it is connected to your school account.
ui-done-failed = Your password has not been changed.
ui-done-conflict = Your account was changed from another place at the same time, so your new password was not saved.
ui-done-next-conflict = Then start again from the beginning and choose your new password once more.
ui-done-next-unavailable = Try again in a little while.
ui-done-finish = Press Enter to finish.

## expiry notices
## Email and SMS from `kiosk notify` about passwords that expire. Plain text, no links, no
## codes. SMS: at most 2 messages, 306 characters of the GSM alphabet with the office (no dashes, no curly quotes).

# $date: the day the password expires, e.g. 2027-01-01
expiry-notice-subject = Your password expires on { $date }
# $name: the account's name
expiry-greeting = Hello { $name },
# $school: the school's name; $date: expiry date; $days: days left
expiry-notice-body = The password of your { $school } account expires on { $date }, in { $days ->
        [one] one day
       *[other] { $days } days
    }. Please change it before then at the password kiosk in the school office{ $office }. You will need your current password.
# $grace: days after expiry before the account is locked; $lockdate: the day it is locked
expiry-notice-grace =
    { $grace ->
        [0] If you have not changed it by then, your account will be locked.
       *[other] If you have not changed it by then, you can still change it at the kiosk until { $lockdate }. After that your account will be locked.
    }
# $unit, $phone, $email, $hours: the support contact from the configuration
expiry-help = Need help? Contact { $unit }: phone { $phone }, email { $email } ({ $hours }).
expiry-signature = This message was sent automatically by { $school }. Do not reply to it, and never give your password to anyone: nobody from the school will ever ask for it.
# SMS when the password has expired.
expiry-sms = { $school }: your password expired on { $date }. Change it at the kiosk in the school office{ $office } by { $lockdate } or your account is locked. Help: { $phone }
expiry-locked-subject = Your account has been locked
expiry-locked-body = The password of your { $school } account expired on { $date } and was not changed in time, so the account is now locked.
expiry-locked-unlock = To have it unlocked, go to the office staff{ $office } and show your ID. Once it is unlocked, change your password at the password kiosk straight away.
# SMS when the account has been locked.
expiry-locked-sms = { $school }: your account is locked because your password expired. Go to the office staff{ $office } with your ID to have it unlocked. Help: { $phone }

## sms
## One-time codes by SMS, the profile's mobile number, and the notice after a password
## change. SMS: one message of 160 GSM characters (no dashes, no curly quotes). Never a
## password in any of them; a code only in the code messages.

# $school: the school's name; $code: six digits; $minutes: how long the code is valid
sms-code-reset = { $school }: { $code } is your code to change your password. Valid for { $minutes } min. Never give it to anyone.
sms-code-mobile = { $school }: { $code } is your code to confirm this mobile number. Valid for { $minutes } min. Never give it to anyone.
# Used when the longer text would not fit in one SMS.
sms-code-short = { $code } is your code. Valid for { $minutes } min. Never give it to anyone.
# $username: the account; $date, $time: when; $unit, $phone: the support contact
sms-notice-password = { $school }: the password of { $username } was changed { $date } at { $time }. Not you? Contact { $unit }, { $phone }.
sms-notice-password-short = Your password was changed { $date } at { $time }. Not you? Call { $phone }.
# Sent to the OLD number when the mobile number is changed.
sms-notice-mobile = { $school }: the mobile number of { $username } was changed { $date } at { $time }. Not you? Contact { $unit }, { $phone }.
sms-notice-mobile-short = Your mobile number was changed { $date } at { $time }. Not you? Call { $phone }.
sms-notice-mobile-cleared = { $school }: the mobile number of { $username } was removed { $date } at { $time }. Not you? Contact { $unit }, { $phone }.
sms-notice-mobile-cleared-short = Your mobile number was removed { $date } at { $time }. Not you? Call { $phone }.
sms-notice-questions = { $school }: the security questions of { $username } were changed { $date } at { $time }. Not you? Contact { $unit }, { $phone }.
sms-notice-questions-short = Your security questions were changed { $date } at { $time }. Not you? Call { $phone }.
sms-notice-questions-cleared = { $school }: the security questions of { $username } were removed { $date } at { $time }. Not you? Contact { $unit }, { $phone }.
sms-notice-questions-cleared-short = Your security questions were removed { $date } at { $time }. Not you? Call { $phone }.
mail-factor-subject = { $change ->
    [mobile] Your mobile number was changed
    [mobile-cleared] Your mobile number was removed
    [questions] Your security questions were changed
   *[questions-cleared] Your security questions were removed
}
mail-factor-body = { $change ->
    [mobile] The mobile number of your { $school } account ({ $username }) was changed on { $date } at { $time }.
    [mobile-cleared] The mobile number of your { $school } account ({ $username }) was removed on { $date } at { $time }.
    [questions] The security questions of your { $school } account ({ $username }) were changed on { $date } at { $time }.
   *[questions-cleared] The security questions of your { $school } account ({ $username }) were removed on { $date } at { $time }.
}
# The email after a password change.
sms-mail-subject = Your password was changed
# $name: the account's name
sms-mail-greeting = Hello { $name },
sms-mail-body = The password of your { $school } account ({ $username }) was changed on { $date } at { $time }.
# $email, $hours: the support contact
sms-mail-not-you = If that was you, there is nothing more to do. Not you? Contact { $unit } at once: phone { $phone }, email { $email } ({ $hours }).
sms-mail-signature = This message was sent automatically by { $school }. Do not reply to it. Nobody from the school will ever ask for your password.
# The "code by text message" screen at a reset.
sms-title = Code by text message
sms-sending = Sending a code to your mobile phone…
# $number: the number, partly hidden, e.g. +46 70 *** ** 67
sms-sent-to = We have sent a code to { $number }.
# $minutes: how long the code is valid
sms-valid = The code is valid for { $minutes } minutes. Type it here and press Enter.
sms-code-field = Code
sms-checking = Checking the code…
# $n: tries left on this code
sms-wrong = That code is not right. { $n ->
        [one] You have one more try.
       *[other] You have { $n } more tries.
    }
sms-incomplete = The code has 6 digits. Type all of them.
sms-expired = This code has expired. Press F5 to get a new one.
sms-used-up = Too many wrong tries: this code no longer works. Press F5 to get a new one.
sms-no-code = This code no longer works. Press F5 to get a new one.
# $secs: seconds before a new code can be asked for
sms-resend-wait = Didn't get it? You can ask for a new code in { $secs } s.
sms-resend-now = Didn't get it? Press F5 to get a new code.
sms-staff = No phone with you, or no code coming? The office staff{ $office } can help you too.
sms-failed = We could not send the code. Choose another way, or ask the office staff{ $office } for help.
sms-unavailable = The code could not be sent just now. Press Enter to try again, or ask the office staff{ $office } for help.
sms-hint-check = Check
sms-hint-resend = Send again
sms-hint-other-way = Other way
# The profile's "mobile number" screen.
sms-mobile-title = Your mobile number
sms-mobile-intro = If you forget your password, we can send a code to this number so that you can change it here.
sms-mobile-current = Your number now: { $number }
sms-mobile-none = You have no mobile number here yet.
sms-mobile-field = New number
# $number: an example number, e.g. 070-123 45 67
sms-mobile-example = Write it like { $number }
# $number: the same example with the country code
sms-mobile-example-intl = or with the country code: { $number }
sms-mobile-sending = Sending a code to the new number…
sms-mobile-sent = We have sent a code to { $number } to check that the number is yours.
sms-mobile-confirmed = Done! Your mobile number is now { $number }.
sms-mobile-confirmed-next = Codes for changing your password will be sent there from now on.
sms-mobile-empty = Type your mobile number first.
sms-mobile-bad-characters = A phone number has only digits, spaces, dashes and a + at the start.
sms-mobile-too-short = That number has too few digits for a mobile number.
sms-mobile-too-long = That number has too many digits for a mobile number.
sms-mobile-invalid = That is not a phone number we know.
sms-mobile-not-mobile = That is not a mobile number. A code can only be sent to a mobile phone.
sms-mobile-unchanged = That is already your number.
sms-mobile-failed = We could not send a code to that number. Check it, or ask the office staff{ $office } for help.
sms-mobile-off = Text messages are switched off here. Ask the office staff{ $office } to add your number.
sms-hint-send-code = Send code

## questions
## Security questions at a reset, and the Profile after signing in (password rules,
## choosing and answering questions).

ui-questions-title = Your security questions
ui-questions-intro = Answer the questions you chose in your profile. Capital letters and extra spaces don't matter.
ui-questions-answer = Answer
ui-questions-loading = Fetching your questions…
ui-questions-busy = Checking your answers…
ui-questions-error-unanswered = Answer every question first.
# $n: the most characters allowed
ui-answer-error-too-long = An answer can have at most { $n } characters.
# $n: tries left before the questions are locked
ui-questions-error-wrong =
    { $n ->
        [one] At least one answer is wrong. You have one try left: after that the questions are locked for a while.
       *[other] At least one answer is wrong. Try again: you have { $n } tries left.
    }
ui-questions-error-changed = Your questions have changed. Please answer these instead.
# $time: a time of day, e.g. 14:30
ui-questions-locked-until = Too many wrong answers. You can try the questions again after { $time }.
ui-questions-locked = Too many wrong answers. The office staff{ $office } can unlock the questions for you.
ui-questions-not-offered = Security questions can't be used for this account.
ui-questions-other-way = Choose another way to show that it's you, or ask the office staff{ $office }.
ui-questions-retry = Press Enter to try again.
ui-hint-other-method = Other way
ui-hint-check = Check
ui-hint-show-answer = Show answer
ui-hint-hide-answer = Hide answer
ui-hint-try-again = Try again
# $name: the student's first name
ui-profile-greeting = Hi { $name }! What would you like to do?
ui-profile-title = What would you like to do?
# $n: days left before the password expires
ui-profile-expires-soon =
    { $n ->
        [one] Your password expires within a day. Change it now!
       *[other] Your password expires in { $n } days. Change it now?
    }
ui-profile-saved = Your security questions are saved.
ui-profile-change = Change my password
ui-profile-change-detail = Choose a new password now.
ui-profile-rules = My password rules
ui-profile-rules-detail = What your password needs, and when you must change it next.
ui-profile-questions = Security questions
ui-profile-questions-detail-none = Choose questions, so that you can reset your password yourself if you forget it.
# $date: a date, e.g. 2026-01-01
ui-profile-questions-detail-set = You chose your questions on { $date }. You can choose new ones here.
ui-profile-mobile = Mobile number
ui-profile-mobile-detail = So that you can get a code by text message if you forget your password.
ui-hint-sign-out = Sign out
ui-profile-rules-title = Your password rules
# $n: days
ui-profile-rules-max-age =
    { $n ->
        [one] A password is valid for { $n } day. Then you must choose a new one.
       *[other] A password is valid for { $n } days. Then you must choose a new one.
    }
ui-profile-rules-no-max-age = Passwords in your group do not expire.
# $date: a date, e.g. 2027-01-01
ui-profile-rules-next-change = Change your current password by { $date }.
# $n: how many questions to choose
ui-enrol-choose-title =
    { $n ->
        [one] Choose { $n } security question
       *[other] Choose { $n } security questions
    }
ui-enrol-choose-intro = Pick questions that only you can answer, and whose answers you will still remember in a few years. Press Space to tick a question.
# $n: questions ticked so far
ui-enrol-chosen = Ticked: { $n }
ui-enrol-more-above = ↑ more questions
ui-enrol-more-below = ↓ more questions
# $n: how many questions to choose
ui-enrol-choose-too-few =
    { $n ->
        [one] Tick { $n } question, then press Enter.
       *[other] Tick { $n } questions, then press Enter.
    }
# $n: how many questions to choose
ui-enrol-choose-too-many =
    { $n ->
        [one] You can tick only { $n } question. To pick another, untick yours first.
       *[other] You can tick only { $n } questions. To pick another, untick one first.
    }
ui-hint-move = Move
ui-key-space = Space
ui-hint-tick = Tick
ui-enrol-answer-title = Answer your questions
ui-enrol-answer-intro = Write answers you will remember exactly. Capital letters and extra spaces don't matter, but spelling does.
ui-enrol-busy = Saving your answers…
ui-enrol-not-offered = Security questions can't be chosen for this account. Please ask the office staff{ $office }.
ui-enrol-error-empty = Write an answer.
# $n: the fewest characters allowed
ui-enrol-error-too-short =
    { $n ->
        [one] The answer needs at least { $n } character.
       *[other] The answer needs at least { $n } characters.
    }
ui-enrol-error-same-as-question = The answer can't be the question itself.
ui-enrol-error-same-as-username = The answer can't be your username.
ui-enrol-error-repeated = This answer is the same as another one. Give each question its own answer.
ui-done-profile = Press F3 to open your profile: your security questions and password rules.
ui-hint-profile = My profile

## staff
## Office staff mode (F9 on the first screen, or `kiosk --staff`). The reader is a member of
## the office staff with a queue at the desk: say whose account it is, what state it is in
## and the one thing to do next.

# The key on the first screen that opens staff mode.
staff-hint = Staff
# After the school's name in the header, in staff mode.
staff-title = Office staff
staff-hint-sign-in = Sign in
staff-hint-cancel = Cancel
staff-hint-sign-out = Sign out
staff-hint-search = Search
staff-hint-open = Open
staff-hint-check = Check ID
staff-hint-actions = Choose action
staff-hint-back-to-list = Back to the list
staff-hint-document = Document
staff-hint-record = Record
staff-hint-confirm = Confirm
staff-hint-hide = Hide now
staff-hint-back-to-card = Back to the card
staff-busy = Please wait…
staff-sign-in-title = Staff sign-in
staff-sign-in-intro = For office staff with the helpdesk role. Sign in with your own username and password.
staff-error-empty = Type your username and your password.
staff-error-locked = This account is locked. Ask an administrator to unlock it.
# $time: a time of day, e.g. 14:30
staff-error-locked-until = Too many attempts. Try again after { $time }.
staff-error-temp-expired = This temporary password is no longer valid.
staff-error-must-change = Your own password must be changed first: change it at the kiosk (Enter on the first screen), then sign in here again.
staff-error-code-not-sent = The sign-in code could not be sent by text message. Try again later or ask an administrator.
staff-error-no-second-factor = Staff mode needs a code by text message, and this account has no confirmed mobile number. Ask an administrator.
staff-code-title = Sign-in code
# $number: the staff member's mobile, masked; $minutes: how long the code is valid
staff-code-intro = We sent a code by text message to { $number }. It is valid for { $minutes } minutes.
staff-code = Code
# $n: tries left
staff-error-code-wrong =
    { $n ->
        [one] Wrong code. One try left.
       *[other] Wrong code. { $n } tries left.
    }
staff-error-code-void = The code is no longer valid. Sign in again to get a new one.
staff-error-code-malformed = A code has six digits.
# $name, $username: the staff member signed in
staff-signed-in = Staff: { $name } ({ $username })
staff-search-title = Find a person
staff-search-intro = Part of the name or username is enough; capital letters and accents do not matter.
staff-search-field = Name or username
# $n: the fewest letters a search needs
staff-search-too-short = Type at least { $n } letters of the name or username.
staff-search-none = Nobody found. Check the spelling, or try part of the name.
# $n: people found
staff-search-found =
    { $n ->
        [one] One person found:
       *[other] { $n } people found:
    }
# $n: the most people shown
staff-search-more = More than { $n } found. The first { $n } are shown: type more of the name.
# $n: rows scrolled out of view
staff-list-above = { $n } more above
staff-list-below = { $n } more below
staff-tag-locked = locked
staff-tag-self = you
staff-tag-staff = staff
staff-tag-protected = protected
staff-card-title = Account
staff-card-category = Category
staff-card-status = Status
staff-card-password = Password
staff-card-temp = Temporary
staff-card-methods = Can reset with
staff-card-events = Latest events
staff-events-none = No events yet.
staff-status-active = Active, not locked
staff-status-inactive = Not active
# $reason: why the account is locked (one of the staff-lock- messages)
staff-status-locked = LOCKED ({ $reason })
# $reason: why; $time: when the lock ends
staff-status-locked-until = LOCKED until { $time } ({ $reason })
staff-lock-failures = too many wrong passwords
staff-lock-staff = by office staff or an administrator
staff-lock-expired = the password expired and was not changed in time
staff-lock-other = by the system
# $name: the category's name in the configuration; $label: its label there (Swedish)
staff-category = { $name ->
        [students] Students
        [staff] Staff
       *[other] { $label }
    }
staff-card-locked-by = Locked by
staff-card-last-sign-in = Last sign-in
# $who: a staff member's or administrator's name, or one of the two below; $date, $time: when
staff-locked-by = { $who }, { $date } { $time }
# $kiosk: the kiosk where the wrong passwords were typed
staff-locked-by-failures = wrong passwords at { $kiosk }
staff-locked-by-expiry = the expiry job
# $date, $time: when; $kiosk: where
staff-last-sign-in-at = { $date } { $time } at { $kiosk }
staff-last-sign-in-never = never at a kiosk
# $date: a date, e.g. 2027-01-01
staff-password-expires = Set, expires { $date }
staff-password-no-expiry = Set, does not expire
staff-password-none = No password yet
staff-password-must-change = must be changed at the next sign-in
staff-password-temporary = Temporary: must be changed at the next sign-in
# $n: sign-ins left; $date: last day
staff-temp-left =
    { $n ->
        [one] One sign-in left, until { $date }
       *[other] { $n } sign-ins left, until { $date }
    }
# $n: answers enrolled
staff-method-questions = Security questions ({ $n })
staff-method-questions-locked = locked
# $number: the mobile number, masked
staff-method-mobile = Text message to { $number }
staff-method-none = Nothing: only the office can help
# $document: the document type; $reference: what was noted from it
staff-check-done = Identity checked: { $document }, reference { $reference }
staff-card-next = Press Enter to check their identity document before you do anything.
staff-card-next-checked = Press Enter to choose what to do.
staff-refused-self = This is your own account. Change your password at the kiosk like everyone else.
staff-refused-staff = This is a staff account: staff cannot act on each other's accounts. Ask an administrator.
staff-refused-protected = Accounts in this category are protected: ask an administrator.
staff-refused-inactive = This account is not active: nothing can be done here.
staff-not-found = This account no longer exists. Search again.
staff-check-title = Identity check
staff-check-intro = Ask for an identity document and check that it belongs to the person in front of you. Which document did you check?
staff-doc-id-card = Identity card
staff-doc-passport = Passport
staff-doc-driving-licence = Driving licence
staff-doc-residence-permit = Residence permit
staff-check-reference = Reference
staff-check-reference-help = For example the last four digits of the document number. Never the whole number.
staff-check-error-empty = Type a reference from the document, such as its last four digits.
# $n: the most characters allowed
staff-check-error-too-long = A reference can have at most { $n } characters.
# A whole personal or document number is never recorded; $n: characters allowed
staff-check-error-whole = Only the last { $n } characters of the number, never the whole number.
staff-actions-title = What do you want to do?
staff-action-ticket = Reset ticket (recommended)
staff-action-ticket-detail = The person chooses a new password on this screen, now. You never see it.
staff-action-temp = Temporary password
# $uses: sign-ins it is good for; $days: days it is valid
staff-action-temp-detail =
    { $uses ->
        [one] Shown once, in large letters. Good for one sign-in within { $days } days, then it must be changed.
       *[other] Shown once, in large letters. Good for { $uses } sign-ins within { $days } days, then it must be changed.
    }
staff-action-unlock = Unlock the account
staff-action-unlock-detail = Lifts the lock and clears the count of wrong attempts.
staff-action-clear-questions = Clear the security questions
staff-action-clear-questions-detail = Removes their answers, so they can choose new questions in their profile.
staff-action-clear-mobile = Clear the mobile number
staff-action-clear-mobile-detail = Removes the number, so they can add a new one in their profile.
staff-action-username = Tell them their username
staff-action-username-detail = Shows the username in large letters.
# $name: the person's name
staff-confirm-ticket = Turn the screen towards { $name }. They type a new password themselves; you will not see it. Your staff session ends here.
staff-confirm-unlocks = The account is locked: this also unlocks it.
# $name: the person's name; $secs: seconds the password stays on screen
staff-confirm-temp = A temporary password for { $name } will be shown once, in large letters, for { $secs } seconds. It replaces their current password. Make sure only { $name } can see the screen.
staff-action-slip = Temporary password on a printed slip
staff-action-slip-detail =
    { $uses ->
        [one] Printed on a slip, never shown on screen. Good for one sign-in within { $days } days, then it must be changed.
       *[other] Printed on a slip, never shown on screen. Good for { $uses } sign-ins within { $days } days, then it must be changed.
    }
staff-confirm-slip = A temporary password for { $name } will be printed on a slip in their language. It replaces their current password. Hand the slip to { $name } in person.
# $name: the person
staff-slip-printed = The slip is printing. Hand it to { $name } in person.
staff-confirm-unlock = The account of { $name } will be unlocked, and its count of wrong attempts cleared.
# $n: answers enrolled
staff-confirm-clear-questions = The security answers of { $name } will be removed ({ $n }). They can choose new questions in their profile.
# $number: the mobile number, masked
staff-confirm-clear-mobile = The mobile number { $number } of { $name } will be removed. They can add a number again in their profile.
staff-confirm-question = Press Enter to confirm, or Esc to go back.
staff-temp-title = Temporary password. Write it down or type it now:
staff-temp-spelled = Letter by letter:
# $uses: sign-ins; $date: last day
staff-temp-valid =
    { $uses ->
        [one] Good for one sign-in until { $date }. It must be changed at that sign-in.
       *[other] Good for { $uses } sign-ins until { $date }. It must be changed at the first sign-in.
    }
# $secs: seconds left on screen
staff-temp-hides = Disappears in { $secs } s. Press Enter as soon as it has been written down.
staff-temp-hidden = The temporary password has been shown and is now hidden. It cannot be shown again.
staff-done-unlocked = The account is unlocked.
# $n: answers removed
staff-done-questions =
    { $n ->
        [one] One security answer removed.
       *[other] { $n } security answers removed.
    }
staff-done-mobile = The mobile number has been removed.
# $name: the person's name
staff-username-title = The username of { $name } is:
staff-username-plain = Username:
staff-done-back = Press Enter to go back to the card.
# SMS with the code for a staff sign-in: one GSM message, no dashes, no curly quotes.
staff-sms-code = { $school } staff sign-in: your code is { $code }. Valid for { $minutes } min. Never give it to anyone.
# The print command failed (exit code, missing, or no answer in time): the temporary
# password is shown in large letters instead.
staff-print-failed = The printer did not take the slip. The password is shown here instead.

# The school's directory refused the new password; $n: the rule's number, $time: when
directory-refused-history =
    { $n ->
        [one] The school's directory refused it: it was used recently. Choose one that is not your last password.
       *[other] The school's directory refused it: it was used recently. Choose one you have not used in your last { $n } passwords.
    }
directory-refused-short = The school's directory refused it: it must be at least { $n } characters long.
directory-refused-young = The school's directory refused it: the password was changed too recently. You can change it again after { $time }.
directory-refused-young-unknown = The school's directory refused it: the password was changed too recently. Try again later.
directory-refused-quality = The school's directory refused it as too easy to guess. Choose another one.
directory-refused-complexity = The school's directory refused it: use three kinds of characters (capital letters, small letters, digits, symbols) and not your name.
directory-refused-not-allowed = The school's directory does not allow this account to change its password here. Ask the office staff{ $office }.

## audit
## The staff card's events in words: what was done (audit-action-), how it went
## (audit-outcome-), and how a notice went out (audit-via-). One per stored word.
# $action, $outcome: the two words above; $via: audit-via- or nothing
audit-event = { $action }: { $outcome }{ $via }
# $name, $username: whose events a printout lists (kiosk admin audit --plain)
audit-print-title = Events on the account of { $name } ({ $username })
# $when: date and time of printing
audit-print-printed = Printed { $when }. Each line: when, what happened, where, by whom.
audit-print-count = { $n ->
        [0] No events.
        [one] One event.
       *[other] { $n } events.
    }
audit-via-sms = {" "}by SMS
audit-via-email = {" "}by email
audit-action-verify-password = Sign-in
audit-action-kiosk-slowdown = Kiosk slowed down
audit-action-machine-input = Machine-speed typing
audit-action-lock = Account locked
audit-action-change-password = Password change
audit-action-give-up = Gave up before saving
audit-action-reset = Password reset
audit-action-enroll-questions = Security questions set
audit-action-questions-challenge = Security questions asked
audit-action-answer-questions = Security answers
audit-action-questions-lock = Security questions locked
audit-action-sms-code = Code by SMS
audit-action-verify-code = SMS code typed
audit-action-mobile-code = Code to new mobile
audit-action-mobile-confirmed = Mobile number confirmed
audit-action-mobile-notice = Mobile change notice
audit-action-questions-notice = Questions change notice
audit-action-change-notice = Password change notice
audit-action-expiry-notice = Expiry notice
audit-action-expiry-lock = Locked: password expired
audit-action-import = Roster import
audit-action-roster-sync = Directory sync
audit-action-temp-password = Temporary password (admin)
audit-action-unlock = Unlocked (admin)
audit-action-show = Account viewed (admin)
audit-action-grant-helpdesk = Staff role given
audit-action-revoke-helpdesk = Staff role taken away
audit-action-staff-sign-in = Staff sign-in
audit-action-staff-code = Staff sign-in code
audit-action-staff-session = Staff session
audit-action-staff-search = Staff search
audit-action-staff-view = Card viewed by staff
audit-action-staff-identity-check = ID checked by staff
audit-action-staff-reset-ticket = Reset at the office
audit-action-staff-temp-password = Temporary password (office)
audit-action-staff-unlock = Unlocked by staff
audit-action-staff-clear-questions = Questions cleared by staff
audit-action-staff-clear-mobile = Mobile cleared by staff
audit-action-staff-tell-username = Username told by staff
audit-action-target-push = New password to a cloud account (Google, Microsoft 365)
audit-outcome-ok = done
audit-outcome-ok-temp = done, temporary password
audit-outcome-invalid = wrong
audit-outcome-locked = locked
audit-outcome-temp-expired = temporary password expired
audit-outcome-wait = asked to wait
audit-outcome-cooldown = paused
audit-outcome-rejected = broke a rule
audit-outcome-conflict = changed elsewhere first
audit-outcome-partial = not all proofs
audit-outcome-verified = verified
audit-outcome-denied = denied
audit-outcome-bad-choice = invalid choice
audit-outcome-not-offered = not offered
audit-outcome-asked = asked
audit-outcome-stale = too late
audit-outcome-wrong = wrong
audit-outcome-refused = refused
audit-outcome-unchanged = unchanged
audit-outcome-ended = ended
audit-outcome-not-staff = not staff
audit-outcome-must-change = must change password
audit-outcome-code-sent = code sent
audit-outcome-code-failed = code not sent
audit-outcome-quota-account = too many codes this hour
audit-outcome-quota-kiosk = kiosk code limit reached
audit-outcome-void = void
audit-outcome-sent = sent
audit-outcome-failed = failed
audit-outcome-skipped = skipped
audit-outcome-decoy = unknown name
audit-outcome-tries-used-up = tries used up
audit-outcome-expired = expired
audit-outcome-queued = waiting to be tried again
audit-outcome-superseded = replaced by a newer password
audit-outcome-no-code = no code
audit-outcome-no-second-factor = no second factor
audit-outcome-staff-only = only an admin can reset

# Push targets on the Done screen (README "Google Workspace and Microsoft 365").
target-school = School account
target-google = Google
target-microsoft = Microsoft 365
ui-done-target-pending = { $target }: on its way (within a few minutes).
ui-done-target-failed = { $target }: not changed. Ask the office staff{ $office }.
# The staff card's rows for the cloud targets (README "Google Workspace and Microsoft 365"):
# how the person's last change went there.
staff-target-done = changed
# $time: when the kiosk tries again
staff-target-pending-at = on its way (next try at { $time })
staff-target-pending = on its way
staff-target-failed = not changed
# `kiosk admin audit --user U --plain`: under each password change, how it went at each
# cloud account. $target: Google or Microsoft 365
audit-target-done = { $target }: changed
audit-target-pending = { $target }: on its way
audit-target-failed = { $target }: not changed
## Temporary-password slips (kiosk admin temp-password --slips): one printed page per person.
slip-title = Your temporary password
# $name: the person's name
slip-name = Name: { $name }
slip-username = Username: { $username }
slip-password = Temporary password:
# $uses: sign-ins it is good for; $date: the last day
slip-valid =
    { $uses ->
        [one] It works for one sign-in, until { $date }.
       *[other] It works for { $uses } sign-ins, until { $date }.
    }
slip-steps-title = At the password kiosk
slip-step-1 = Choose your language and press Enter.
# $method: the kiosk's own name for the method
slip-step-2 = Type your username, press Enter and choose "{ $method }".
slip-step-3 = Type the temporary password above and press Enter.
slip-step-4 = Choose your own new password, type it twice and press Enter. Then it is yours.
slip-keep = Keep this slip to yourself, and throw it away once you have your own password.
# $place, $hours: where the office is and when it is open
slip-office = Questions? Ask at the school office: { $place }, { $hours }.
