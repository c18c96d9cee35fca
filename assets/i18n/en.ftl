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
