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
rule-match = The two passwords match

## Errors

error-invalid-credentials = The username or password is wrong.
error-locked = Your account is locked. Please ask the office staff for help.
# $time: a time of day, e.g. 14:30
error-locked-until = Too many attempts. Try again after { $time }, or ask the office staff.
error-conflict = Your password was changed from another place at the same time. Please try again.
error-unavailable = The service is temporarily unavailable. Please ask the office staff.
# $n: the most characters allowed
error-too-long = A password can have at most { $n } characters.
error-policy = The new password does not meet the rules.
error-temp-expired = This temporary password is no longer valid. Please ask the office staff for a new one.

## ui
## The screens' text. The reader is a student in a hurry: short sentences, say what to do.

# After the school's name in the header.
ui-title = Change password
# $n: seconds left before the screen is cleared
ui-countdown = Screen clears in { $n } s — press any key to continue
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
ui-welcome-intro = Here you change the password of your school account, for example when it has expired or when the staff have given you a temporary password.
ui-welcome-language-hint = change the language
ui-welcome-start = Press Enter to start.
ui-help-prompt = Don't know your username?
ui-help-title = Help with your username
# $unit: the support unit, e.g. the IT unit
ui-help-body = Contact { $unit } and they will help you.
ui-help-phone = Phone
ui-help-email = Email
ui-help-hours = Opening hours
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
ui-method-password-detail = The password you have now, or a temporary one the staff gave you.
ui-method-questions = Security questions
ui-method-questions-detail = Answer the questions you chose in your profile.
ui-method-sms = Code by text message
ui-method-sms-detail = We send a one-time code to your mobile phone.
ui-current-title = Your current password
ui-current-intro = Type the password you have now, or the temporary password from the staff, then press Enter.
ui-password = Password
ui-current-busy = Checking…
ui-new-title = Choose a new password.
# $name: the student's name
ui-new-greeting = Hi { $name }! Choose a new password.
ui-new-intro = Tip: a few words in a row that only you would think of are easy to remember and hard to guess.
ui-new-field = New password
ui-repeat-field = Repeat
ui-strength = Strength
ui-rules-title = Your password needs:
ui-notice-rules-not-met = Not every requirement is met yet. See the list above.
ui-notice-mismatch = The two passwords are not the same. Type the same password in both fields.
ui-notice-rejected = The password was not accepted. See the list above and choose another one.
ui-new-busy = Saving…
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
## codes. SMS: at most 160 characters of the GSM alphabet (no dashes, no curly quotes).

# $date: the day the password expires, e.g. 2027-01-01
expiry-notice-subject = Your password expires on { $date }
# $name: the account's name
expiry-greeting = Hello { $name },
# $school: the school's name; $date: expiry date; $days: days left
expiry-notice-body = The password of your { $school } account expires on { $date }, in { $days ->
        [one] one day
       *[other] { $days } days
    }. Please change it before then at the password kiosk in the school office. You will need your current password.
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
expiry-sms = { $school }: your password expired on { $date }. Change it at the kiosk in the school office by { $lockdate } or your account will be locked. Help: { $phone }
expiry-locked-subject = Your account has been locked
expiry-locked-body = The password of your { $school } account expired on { $date } and was not changed in time, so the account is now locked.
expiry-locked-unlock = To have it unlocked, go to the office staff and show your ID. Once it is unlocked, change your password at the password kiosk straight away.
# SMS when the account has been locked.
expiry-locked-sms = { $school }: your account is locked because your password expired. Go to the office staff with your ID to have it unlocked. Help: { $phone }
