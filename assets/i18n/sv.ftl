### Svenska: kioskens huvudspråk. Alla filer har samma meddelanden, i samma ordning.
### Skriv enkelt och vänligt: läsaren är en elev, inte en tekniker.

## Lösenordsmätaren

strength-very-weak = Mycket svagt
strength-weak = Svagt
strength-fair = Medel
strength-strong = Starkt
strength-very-strong = Mycket starkt
# $label: en av etiketterna ovan
strength-label = Styrka: { $label }

## Mätarens varningar (från zxcvbn)

zx-warn-straight-row = Tangenter i rad, som qwerty, är lätta att gissa.
zx-warn-keyboard-pattern = Korta mönster på tangentbordet är lätta att gissa.
zx-warn-repeated-char = Upprepningar som ”aaa” är lätta att gissa.
zx-warn-repeated-pattern = Upprepningar som ”abcabcabc” är bara lite svårare att gissa än ”abc”.
zx-warn-top10 = Det här är ett av de 10 vanligaste lösenorden.
zx-warn-top100 = Det här är ett av de 100 vanligaste lösenorden.
zx-warn-common = Det här är ett väldigt vanligt lösenord.
zx-warn-similar-to-common = Det här liknar ett vanligt lösenord.
zx-warn-sequence = Följder som abc eller 6543 är lätta att gissa.
zx-warn-recent-year = Årtal från de senaste åren är lätta att gissa.
zx-warn-single-word = Ett ensamt ord är lätt att gissa.
zx-warn-date = Datum är ofta lätta att gissa.
zx-warn-name-alone = Ett namn är lätt att gissa om det står ensamt.
zx-warn-common-name = Vanliga för- och efternamn är lätta att gissa.

## Mätarens tips (från zxcvbn)

zx-sugg-use-few-words = Använd några ord, men undvik vanliga uttryck.
zx-sugg-no-need-for-symbols = Längden betyder mer än specialtecken, siffror och stora bokstäver.
zx-sugg-add-another-word = Lägg till ett eller två ord till. Ovanliga ord är bäst.
zx-sugg-capitalization = Stora bokstäver hjälper inte så mycket.
zx-sugg-all-uppercase = Bara stora bokstäver är nästan lika lätt att gissa som bara små.
zx-sugg-reversed-words = Ord som stavas baklänges är inte mycket svårare att gissa.
zx-sugg-predictable-substitutions = Förutsägbara byten, som @ i stället för a, hjälper inte så mycket.
zx-sugg-longer-keyboard-pattern = Använd ett längre mönster på tangentbordet, med fler svängar.
zx-sugg-avoid-repeats = Undvik upprepade ord och tecken.
zx-sugg-avoid-sequences = Undvik följder som abc eller 123.
zx-sugg-avoid-recent-years = Undvik årtal från de senaste åren.
zx-sugg-avoid-personal-years = Undvik årtal som har med dig att göra.
zx-sugg-avoid-personal-dates = Undvik datum och årtal som har med dig att göra.

## Lösenordsregler (checklistan)

# $n: antal tecken
rule-min-length = Minst { $n } tecken
# $n: antal tecken
rule-max-length = Högst { $n } tecken
rule-lowercase = En liten bokstav
rule-uppercase = En stor bokstav
rule-digit = En siffra
rule-symbol = Ett specialtecken, till exempel ! ? # eller mellanslag
rule-not-common = Inte ett vanligt lösenord
rule-no-personal = Inte ditt namn, ditt användarnamn eller skolans namn
# $label: en styrkeetikett, t.ex. ”Starkt”
rule-min-strength = Styrka minst ”{ $label }”
# $n: hur många tidigare lösenord som jämförs
rule-history =
    { $n ->
        [one] Inte ditt senaste lösenord
       *[other] Inte något av dina { $n } senaste lösenord
    }
rule-complexity = Tre sorters tecken (A–Z, a–z, 0–9, specialtecken), inte ditt namn
# $rule: the history rule's text, while its check runs or waits for the database
rule-history-checking = { $rule } (kontrolleras…)
rule-history-later = { $rule } (kontrolleras när du sparar)
rule-match = De två lösenorden stämmer överens

## Felmeddelanden

# $office: " (plats, öppettider)" för expeditionen ur support.place och support.hours, eller inget
error-invalid-credentials = Fel användarnamn eller lösenord, eller så är kontot låst. Försök igen eller fråga personalen på expeditionen{ $office }.
error-locked = För många försök: användarnamnet är låst. Be personalen på expeditionen{ $office } om hjälp.
# $time: klockslag, t.ex. 14:30
error-locked-until = För många försök. Försök igen efter { $time } eller fråga personalen på expeditionen{ $office }.
# The kiosk slows down after wrong passwords; $n: seconds left
error-wait =
    { $n ->
        [one] För många fel lösenord vid den här terminalen. Vänta en sekund och försök sedan igen.
       *[other] För många fel lösenord vid den här terminalen. Vänta { $n } sekunder och försök sedan igen.
    }
error-wait-over = Nu kan du försöka igen.
error-conflict = Ditt lösenord ändrades från ett annat ställe samtidigt. Försök igen.
error-unavailable = Tjänsten fungerar inte just nu. Fråga personalen på expeditionen{ $office }.
# $n: högsta antal tecken
error-too-long = Ett lösenord får ha högst { $n } tecken.
error-policy = Det nya lösenordet uppfyller inte reglerna.
error-temp-expired = Det tillfälliga lösenordet gäller inte längre. Be personalen på expeditionen{ $office } om ett nytt.

## ui
## Skärmarnas texter. Läsaren är en elev med bråttom: korta meningar, säg vad man ska göra.

# Efter skolans namn i sidhuvudet.
ui-title = Byt lösenord
# $n: sekunder kvar innan skärmen töms
ui-countdown = Skärmen töms om { $n } s – tryck på valfri tangent för att fortsätta
# Input came faster than a person types, many times; $n: seconds left
ui-machine-banner = Snabbare än en människa skriver: terminalen väntar { $n } s.
ui-unavailable-banner = Tillfälligt ur funktion – be personalen på expeditionen om hjälp
ui-too-small = Gör fönstret större (80×24)
# Tangenternas namn, som de står på tangentbordet.
ui-key-enter = Enter
ui-key-esc = Esc
ui-key-tab = Tab
# Vad tangenterna gör, i sidfoten.
ui-hint-start = Börja
ui-hint-continue = Fortsätt
ui-hint-back = Tillbaka
ui-hint-switch-field = Byt fält
ui-hint-next-field = Nästa fält
ui-hint-save = Spara
ui-hint-choose = Välj
ui-hint-finish = Klar
ui-hint-help = Hjälp
# Med engelska också, så att den som inte läser svenska hittar språkvalet.
ui-hint-language = Språk/Language
ui-hint-quit = Avsluta
ui-language = Språk
# $school: skolans namn
ui-welcome-title = Välkommen till { $school }!
ui-welcome-intro = Här byter du lösenordet till ditt skolkonto, till exempel när det har gått ut eller när du har fått ett tillfälligt lösenord av personalen på expeditionen.
ui-welcome-language-hint = byter språk
ui-welcome-start = Tryck Enter för att börja.
ui-help-prompt = Vet du inte ditt användarnamn?
ui-help-title = Hjälp med användarnamnet
# $unit: enheten som ger support, t.ex. IKT-enheten
ui-help-body = Kontakta { $unit }, så hjälper de dig.
ui-help-phone = Telefon
ui-help-email = E-post
ui-help-hours = Öppettider
ui-help-place = Var
ui-help-close = Tryck F1 igen för att stänga.
ui-identify-title = Vad är ditt användarnamn?
ui-identify-intro = Skriv användarnamnet du loggar in med på skolans datorer och tryck Enter.
ui-username = Användarnamn
ui-identify-busy = Letar efter ditt konto…
ui-identify-error-empty = Skriv ditt användarnamn först.
ui-identify-error-bad-characters = Ett användarnamn kan bara innehålla bokstäver, siffror och . _ - @ (inga mellanslag).
# $n: högsta antal tecken
ui-identify-error-too-long = Ett användarnamn kan ha högst { $n } tecken.
ui-identify-error-unknown = Vi hittar inget konto med det användarnamnet. Kontrollera stavningen, eller tryck F1 för hjälp.
ui-method-title = Hur vill du visa att det är du?
# $username: användarnamnet eleven skrev
ui-method-for = Konto: { $username }
ui-method-intro = Välj med ↑ ↓ och tryck Enter.
ui-method-password = Nuvarande eller tillfälligt lösenord
ui-method-password-detail = Lösenordet du har nu, eller ett tillfälligt som du har fått av personalen på expeditionen.
ui-method-questions = Säkerhetsfrågor
ui-method-questions-detail = Svara på frågorna som du valde i din profil.
ui-method-sms = Kod i sms
ui-method-sms-detail = Vi skickar en engångskod till din mobil.
ui-current-title = Ditt nuvarande lösenord
ui-current-intro = Skriv lösenordet du har nu, eller det tillfälliga lösenordet från personalen på expeditionen, och tryck Enter.
ui-password = Lösenord
ui-current-busy = Kontrollerar…
ui-new-title = Välj ett nytt lösenord.
# $name: elevens namn
ui-new-greeting = Hej { $name }! Välj ett nytt lösenord.
ui-new-intro = Tips: några ord i rad som bara du kommer på är lätta att minnas och svåra att gissa.
ui-new-field = Nytt lösenord
ui-repeat-field = Upprepa
ui-strength = Styrka
ui-rules-title = Krav på lösenordet:
ui-notice-rules-not-met = Alla krav är inte uppfyllda än. Se listan ovan.
ui-notice-mismatch = Lösenorden stämmer inte överens. Skriv samma lösenord i båda fälten.
ui-notice-rejected = Lösenordet godkändes inte. Se listan ovan och välj ett annat.
ui-notice-leave = Gå utan nytt lösenord? Då behöver du gå till expeditionen{ $office } igen. Tryck Esc igen för att gå, eller en annan tangent för att stanna.
ui-new-busy = Sparar…
ui-new-retry = Inte sparat än: det sparas så snart databasen är tillbaka. Vänta här.
ui-done-changed = Klart! Ditt lösenord är bytt.
# $date: datum, t.ex. 2027-01-01
ui-done-expires = Du behöver byta lösenord igen senast { $date }.
ui-done-no-expiry = Ditt lösenord går inte ut.
ui-done-next-changed = Använd det nya lösenordet från och med nu, även i mobilen om den är kopplad till ditt skolkonto.
ui-done-failed = Ditt lösenord har inte bytts.
ui-done-conflict = Kontot ändrades från ett annat ställe samtidigt, så ditt nya lösenord sparades inte.
ui-done-next-conflict = Börja sedan om från början och välj ditt nya lösenord en gång till.
ui-done-next-unavailable = Försök igen om en stund.
ui-done-finish = Tryck Enter för att avsluta.

## expiry notices
## E-post och sms från `kiosk notify` om lösenord som går ut. Vanlig text utan länkar och
## koder. Sms: högst 2 meddelanden, 306 tecken ur GSM-alfabetet med expeditionen (inga tankstreck eller typografiska citattecken).

# $date: datumet då lösenordet går ut, t.ex. 2027-01-01
expiry-notice-subject = Ditt lösenord går ut { $date }
# $name: kontots namn
expiry-greeting = Hej { $name }!
# $school: skolans namn; $date: utgångsdatum; $days: dagar kvar
expiry-notice-body = Lösenordet till ditt konto på { $school } går ut { $date }, om { $days ->
        [one] en dag
       *[other] { $days } dagar
    }. Byt det innan dess vid lösenordskiosken på expeditionen{ $office }. Du behöver ditt nuvarande lösenord.
# $grace: dagar efter utgångsdatum innan kontot spärras; $lockdate: dagen då det spärras
expiry-notice-grace =
    { $grace ->
        [0] Har du inte bytt det då, spärras ditt konto.
       *[other] Har du inte bytt det då, kan du fortfarande byta det vid kiosken fram till { $lockdate }. Sedan spärras ditt konto.
    }
# $unit, $phone, $email, $hours: supporten från konfigurationen
expiry-help = Behöver du hjälp? Kontakta { $unit }: telefon { $phone }, e-post { $email } ({ $hours }).
expiry-signature = Det här meddelandet skickades automatiskt av { $school }. Svara inte på det, och lämna aldrig ut ditt lösenord: ingen från skolan frågar efter det.
# Sms när lösenordet har gått ut.
expiry-sms = { $school }: ditt lösenord gick ut { $date }. Byt det vid lösenordskiosken på expeditionen{ $office } senast { $lockdate }, annars spärras kontot. Hjälp: { $phone }
expiry-locked-subject = Ditt konto är spärrat
expiry-locked-body = Lösenordet till ditt konto på { $school } gick ut { $date } och byttes inte i tid, så kontot är nu spärrat.
expiry-locked-unlock = För att få det upplåst går du till personalen på expeditionen{ $office } och visar legitimation. När kontot är upplåst byter du lösenordet vid lösenordskiosken direkt.
# Sms när kontot har spärrats.
expiry-locked-sms = { $school }: ditt konto är spärrat eftersom lösenordet gick ut. Gå till personalen på expeditionen{ $office } med legitimation för att låsa upp det. Hjälp: { $phone }

## sms
## Engångskoder per sms, mobilnumret i profilen och meddelandet efter ett lösenordsbyte.
## Sms: ett meddelande på 160 tecken ur GSM-alfabetet (inga tankstreck eller typografiska
## citattecken). Aldrig ett lösenord; en kod bara i kodmeddelandena.

# $school: skolans namn; $code: sex siffror; $minutes: hur länge koden gäller
sms-code-reset = { $school }: { $code } är din kod för att byta lösenord. Gäller i { $minutes } min. Ge aldrig koden till någon.
sms-code-mobile = { $school }: { $code } är din kod för att bekräfta det här mobilnumret. Gäller i { $minutes } min. Ge aldrig koden till någon.
# Används när den längre texten inte ryms i ett sms.
sms-code-short = { $code } är din kod. Gäller i { $minutes } min. Ge aldrig koden till någon.
# $username: kontot; $date, $time: när; $unit, $phone: supporten
sms-notice-password = { $school }: lösenordet för { $username } byttes { $date } kl. { $time }. Inte du? Kontakta { $unit }, { $phone }.
sms-notice-password-short = Ditt lösenord byttes { $date } kl. { $time }. Inte du? Ring { $phone }.
# Skickas till det GAMLA numret när mobilnumret byts.
sms-notice-mobile = { $school }: mobilnumret för { $username } byttes { $date } kl. { $time }. Inte du? Kontakta { $unit }, { $phone }.
sms-notice-mobile-short = Ditt mobilnummer byttes { $date } kl. { $time }. Inte du? Ring { $phone }.
sms-notice-mobile-cleared = { $school }: mobilnumret för { $username } togs bort { $date } kl. { $time }. Inte du? Kontakta { $unit }, { $phone }.
sms-notice-mobile-cleared-short = Ditt mobilnummer togs bort { $date } kl. { $time }. Inte du? Ring { $phone }.
sms-notice-questions = { $school }: säkerhetsfrågorna för { $username } byttes { $date } kl. { $time }. Inte du? Kontakta { $unit }, { $phone }.
sms-notice-questions-short = Dina säkerhetsfrågor byttes { $date } kl. { $time }. Inte du? Ring { $phone }.
sms-notice-questions-cleared = { $school }: säkerhetsfrågorna för { $username } togs bort { $date } kl. { $time }. Inte du? Kontakta { $unit }, { $phone }.
sms-notice-questions-cleared-short = Dina säkerhetsfrågor togs bort { $date } kl. { $time }. Inte du? Ring { $phone }.
mail-factor-subject = { $change ->
    [mobile] Ditt mobilnummer har bytts
    [mobile-cleared] Ditt mobilnummer har tagits bort
    [questions] Dina säkerhetsfrågor har bytts
   *[questions-cleared] Dina säkerhetsfrågor har tagits bort
}
mail-factor-body = { $change ->
    [mobile] Mobilnumret till ditt konto på { $school } ({ $username }) byttes { $date } kl. { $time }.
    [mobile-cleared] Mobilnumret till ditt konto på { $school } ({ $username }) togs bort { $date } kl. { $time }.
    [questions] Säkerhetsfrågorna till ditt konto på { $school } ({ $username }) byttes { $date } kl. { $time }.
   *[questions-cleared] Säkerhetsfrågorna till ditt konto på { $school } ({ $username }) togs bort { $date } kl. { $time }.
}
# E-posten efter ett lösenordsbyte.
sms-mail-subject = Ditt lösenord har bytts
# $name: kontots namn
sms-mail-greeting = Hej { $name }!
sms-mail-body = Lösenordet till ditt konto på { $school } ({ $username }) byttes { $date } kl. { $time }.
# $email, $hours: supporten
sms-mail-not-you = Var det du behöver du inte göra något mer. Inte du? Kontakta { $unit } direkt: telefon { $phone }, e-post { $email } ({ $hours }).
sms-mail-signature = Det här meddelandet skickades automatiskt av { $school }. Svara inte på det. Ingen från skolan kommer någonsin att fråga efter ditt lösenord.
# Skärmen "kod i sms" vid en återställning.
sms-title = Kod i sms
sms-sending = Vi skickar en kod till din mobil…
# $number: numret, delvis dolt, t.ex. +46 70 *** ** 67
sms-sent-to = Vi har skickat en kod till { $number }.
# $minutes: hur länge koden gäller
sms-valid = Koden gäller i { $minutes } minuter. Skriv den här och tryck på Enter.
sms-code-field = Kod
sms-checking = Kontrollerar koden…
# $n: försök kvar med den här koden
sms-wrong = Koden stämmer inte. { $n ->
        [one] Du har ett försök kvar.
       *[other] Du har { $n } försök kvar.
    }
sms-incomplete = Koden har 6 siffror. Skriv alla.
sms-expired = Koden har gått ut. Tryck på F5 för att få en ny.
sms-used-up = För många fel: koden fungerar inte längre. Tryck på F5 för att få en ny.
sms-no-code = Koden fungerar inte längre. Tryck på F5 för att få en ny.
# $secs: sekunder innan man kan be om en ny kod
sms-resend-wait = Fick du ingen kod? Om { $secs } s kan du be om en ny.
sms-resend-now = Fick du ingen kod? Tryck på F5 för att få en ny.
sms-staff = Har du inte mobilen med dig, eller kommer ingen kod? Personalen på expeditionen{ $office } kan också hjälpa dig.
sms-failed = Vi kunde inte skicka koden. Välj ett annat sätt, eller be personalen på expeditionen{ $office } om hjälp.
sms-unavailable = Koden kunde inte skickas just nu. Tryck på Enter för att försöka igen, eller be personalen på expeditionen{ $office } om hjälp.
sms-hint-check = Kontrollera
sms-hint-resend = Skicka igen
sms-hint-other-way = Annat sätt
# Profilens skärm "mobilnummer".
sms-mobile-title = Ditt mobilnummer
sms-mobile-intro = Om du glömmer ditt lösenord kan vi skicka en kod till det här numret, så att du kan byta lösenord här.
sms-mobile-current = Ditt nummer nu: { $number }
sms-mobile-none = Du har inget mobilnummer här än.
sms-mobile-field = Nytt nummer
# $number: ett exempelnummer, t.ex. 070-123 45 67
sms-mobile-example = Skriv det som { $number }
# $number: samma exempel med landsnummer
sms-mobile-example-intl = eller med landsnummer: { $number }
sms-mobile-sending = Vi skickar en kod till det nya numret…
sms-mobile-sent = Vi har skickat en kod till { $number } för att kontrollera att numret är ditt.
sms-mobile-confirmed = Klart! Ditt mobilnummer är nu { $number }.
sms-mobile-confirmed-next = Koder för att byta lösenord skickas dit från och med nu.
sms-mobile-empty = Skriv ditt mobilnummer först.
sms-mobile-bad-characters = Ett telefonnummer har bara siffror, mellanslag, bindestreck och + i början.
sms-mobile-too-short = Numret har för få siffror för att vara ett mobilnummer.
sms-mobile-too-long = Numret har för många siffror för att vara ett mobilnummer.
sms-mobile-invalid = Det där är inget telefonnummer som vi känner igen.
sms-mobile-not-mobile = Det där är inget mobilnummer. En kod kan bara skickas till en mobiltelefon.
sms-mobile-unchanged = Det är redan ditt nummer.
sms-mobile-failed = Vi kunde inte skicka en kod till det numret. Kontrollera det, eller be personalen på expeditionen{ $office } om hjälp.
sms-mobile-off = Sms är avstängt här. Be personalen på expeditionen{ $office } att lägga till ditt nummer.
sms-hint-send-code = Skicka kod

## questions
## Säkerhetsfrågor vid återställning, och profilen efter inloggning (lösenordsregler, välja
## och besvara frågor).

ui-questions-title = Dina säkerhetsfrågor
ui-questions-intro = Svara på frågorna som du valde i din profil. Stora bokstäver och extra mellanslag spelar ingen roll.
ui-questions-answer = Svar
ui-questions-loading = Hämtar dina frågor…
ui-questions-busy = Kontrollerar dina svar…
ui-questions-error-unanswered = Svara på alla frågor först.
# $n: högsta antal tecken
ui-answer-error-too-long = Ett svar kan ha högst { $n } tecken.
# $n: försök kvar innan frågorna låses
ui-questions-error-wrong =
    { $n ->
        [one] Minst ett svar är fel. Du har ett försök kvar, sedan låses frågorna en stund.
       *[other] Minst ett svar är fel. Försök igen: du har { $n } försök kvar.
    }
ui-questions-error-changed = Dina frågor har ändrats. Svara på de här i stället.
# $time: klockslag, t.ex. 14:30
ui-questions-locked-until = För många fel svar. Du kan försöka med frågorna igen efter { $time }.
ui-questions-locked = För många fel svar. Personalen på expeditionen{ $office } kan låsa upp frågorna åt dig.
ui-questions-not-offered = Säkerhetsfrågor kan inte användas för det här kontot.
ui-questions-other-way = Välj ett annat sätt att visa att det är du, eller fråga personalen på expeditionen{ $office }.
ui-questions-retry = Tryck Enter för att försöka igen.
ui-hint-other-method = Annat sätt
ui-hint-check = Kontrollera
ui-hint-show-answer = Visa svaret
ui-hint-hide-answer = Dölj svaret
ui-hint-try-again = Försök igen
# $name: elevens förnamn
ui-profile-greeting = Hej { $name }! Vad vill du göra?
ui-profile-title = Vad vill du göra?
# $n: dagar kvar innan lösenordet går ut
ui-profile-expires-soon =
    { $n ->
        [one] Ditt lösenord går ut inom ett dygn. Byt det nu!
       *[other] Ditt lösenord går ut om { $n } dagar. Vill du byta det nu?
    }
ui-profile-saved = Dina säkerhetsfrågor är sparade.
ui-profile-change = Byt mitt lösenord
ui-profile-change-detail = Välj ett nytt lösenord nu.
ui-profile-rules = Mina lösenordsregler
ui-profile-rules-detail = Vad ditt lösenord behöver, och när du måste byta det nästa gång.
ui-profile-questions = Säkerhetsfrågor
ui-profile-questions-detail-none = Välj frågor, så att du själv kan återställa ditt lösenord om du glömmer det.
# $date: datum, t.ex. 2026-01-01
ui-profile-questions-detail-set = Du valde dina frågor { $date }. Här kan du välja nya.
ui-profile-mobile = Mobilnummer
ui-profile-mobile-detail = Så att du kan få en kod i ett sms om du glömmer ditt lösenord.
ui-hint-sign-out = Logga ut
ui-profile-rules-title = Dina lösenordsregler
# $n: dagar
ui-profile-rules-max-age =
    { $n ->
        [one] Ett lösenord gäller i { $n } dag. Sedan måste du välja ett nytt.
       *[other] Ett lösenord gäller i { $n } dagar. Sedan måste du välja ett nytt.
    }
ui-profile-rules-no-max-age = Lösenord i din grupp går inte ut.
# $date: datum, t.ex. 2027-01-01
ui-profile-rules-next-change = Byt ditt nuvarande lösenord senast { $date }.
# $n: hur många frågor man ska välja
ui-enrol-choose-title =
    { $n ->
        [one] Välj { $n } säkerhetsfråga
       *[other] Välj { $n } säkerhetsfrågor
    }
ui-enrol-choose-intro = Välj frågor som bara du kan svara på, och vars svar du kommer ihåg även om några år. Tryck på mellanslag för att kryssa i en fråga.
# $n: antal ikryssade frågor hittills
ui-enrol-chosen = Ikryssade: { $n }
ui-enrol-more-above = ↑ fler frågor
ui-enrol-more-below = ↓ fler frågor
# $n: hur många frågor man ska välja
ui-enrol-choose-too-few =
    { $n ->
        [one] Kryssa i { $n } fråga och tryck sedan Enter.
       *[other] Kryssa i { $n } frågor och tryck sedan Enter.
    }
# $n: hur många frågor man ska välja
ui-enrol-choose-too-many =
    { $n ->
        [one] Du kan bara kryssa i { $n } fråga. Vill du välja en annan, kryssa först ur din.
       *[other] Du kan bara kryssa i { $n } frågor. Vill du välja en annan, kryssa först ur en.
    }
ui-hint-move = Flytta
ui-key-space = Mellanslag
ui-hint-tick = Kryssa i
ui-enrol-answer-title = Svara på dina frågor
ui-enrol-answer-intro = Skriv svar som du kommer ihåg exakt. Stora bokstäver och extra mellanslag spelar ingen roll, men stavningen gör det.
ui-enrol-busy = Sparar dina svar…
ui-enrol-not-offered = Säkerhetsfrågor kan inte väljas för det här kontot. Fråga personalen på expeditionen{ $office }.
ui-enrol-error-empty = Skriv ett svar.
# $n: minsta antal tecken
ui-enrol-error-too-short =
    { $n ->
        [one] Svaret behöver minst { $n } tecken.
       *[other] Svaret behöver minst { $n } tecken.
    }
ui-enrol-error-same-as-question = Svaret får inte vara själva frågan.
ui-enrol-error-same-as-username = Svaret får inte vara ditt användarnamn.
ui-enrol-error-repeated = Svaret är samma som ett annat svar. Ge varje fråga ett eget svar.
ui-done-profile = Tryck F3 för att öppna din profil: dina säkerhetsfrågor och lösenordsregler.
ui-hint-profile = Min profil

## staff
## Läge för kanslipersonal (F9 på första skärmen, eller `kiosk --staff`). Läsaren är någon på
## expeditionen med kö vid disken: säg vems konto det är, hur det står till och nästa steg.

# Tangenten på första skärmen som öppnar personalläget.
staff-hint = Personal
# Efter skolans namn i sidhuvudet, i personalläget.
staff-title = Personal på expeditionen
staff-hint-sign-in = Logga in
staff-hint-cancel = Avbryt
staff-hint-sign-out = Logga ut
staff-hint-search = Sök
staff-hint-open = Öppna
staff-hint-check = Kontrollera id
staff-hint-actions = Välj åtgärd
staff-hint-back-to-list = Tillbaka till listan
staff-hint-document = Handling
staff-hint-record = Registrera
staff-hint-confirm = Bekräfta
staff-hint-hide = Dölj nu
staff-hint-back-to-card = Tillbaka till kortet
staff-busy = Vänta lite…
staff-sign-in-title = Inloggning för personal
staff-sign-in-intro = För personalen på expeditionen med helpdesk-behörighet. Logga in med ditt eget användarnamn och lösenord.
staff-error-empty = Skriv ditt användarnamn och ditt lösenord.
staff-error-locked = Kontot är låst. Be en administratör att låsa upp det.
# $time: en tid, t.ex. 14:30
staff-error-locked-until = För många försök. Försök igen efter { $time }.
staff-error-temp-expired = Det tillfälliga lösenordet gäller inte längre.
staff-error-must-change = Du måste först byta ditt eget lösenord: byt det i kiosken (Enter på första skärmen) och logga sedan in här igen.
staff-error-code-not-sent = Inloggningskoden kunde inte skickas med sms. Försök igen senare eller fråga en administratör.
staff-error-no-second-factor = Personalläget kräver en kod via sms, och kontot har inget bekräftat mobilnummer. Kontakta en administratör.
staff-code-title = Inloggningskod
# $number: personalens mobilnummer, maskerat; $minutes: hur länge koden gäller
staff-code-intro = Vi har skickat en kod med sms till { $number }. Den gäller i { $minutes } minuter.
staff-code = Kod
# $n: försök kvar
staff-error-code-wrong =
    { $n ->
        [one] Fel kod. Ett försök kvar.
       *[other] Fel kod. { $n } försök kvar.
    }
staff-error-code-void = Koden gäller inte längre. Logga in igen för att få en ny.
staff-error-code-malformed = En kod har sex siffror.
# $name, $username: den inloggade personalen
staff-signed-in = Personal: { $name } ({ $username })
staff-search-title = Sök person
staff-search-intro = Det räcker med en del av namnet eller användarnamnet; stora bokstäver och accenter spelar ingen roll.
staff-search-field = Namn eller användarnamn
# $n: minsta antal bokstäver i en sökning
staff-search-too-short = Skriv minst { $n } bokstäver av namnet eller användarnamnet.
staff-search-none = Ingen hittades. Kontrollera stavningen eller sök på en del av namnet.
# $n: antal träffar
staff-search-found =
    { $n ->
        [one] En person hittades:
       *[other] { $n } personer hittades:
    }
# $n: högsta antal som visas
staff-search-more = Fler än { $n } hittades. De { $n } första visas: skriv mer av namnet.
# $n: rader utanför bild
staff-list-above = { $n } till ovanför
staff-list-below = { $n } till nedanför
staff-tag-locked = låst
staff-tag-self = du
staff-tag-staff = personal
staff-tag-protected = skyddad
staff-card-title = Konto
staff-card-category = Kategori
staff-card-status = Status
staff-card-password = Lösenord
staff-card-temp = Tillfälligt
staff-card-methods = Kan återställa med
staff-card-events = Senaste händelser
staff-events-none = Inga händelser än.
staff-status-active = Aktivt, inte låst
staff-status-inactive = Inte aktivt
# $reason: varför kontot är låst (ett av staff-lock-meddelandena)
staff-status-locked = LÅST ({ $reason })
# $reason: varför; $time: när låset upphör
staff-status-locked-until = LÅST till { $time } ({ $reason })
staff-lock-failures = för många fel lösenord
staff-lock-staff = av expeditionen eller en administratör
staff-lock-expired = lösenordet gick ut och byttes inte i tid
staff-lock-other = av systemet
# $name: kategorins namn i konfigurationen; $label: dess etikett där (svenska)
staff-category = { $name ->
       *[other] { $label }
    }
staff-card-locked-by = Låst av
staff-card-last-sign-in = Senaste inloggning
# $who: personalens eller administratörens namn, eller en av de två nedan; $date, $time: när
staff-locked-by = { $who }, { $date } { $time }
# $kiosk: kiosken där fel lösenord skrevs
staff-locked-by-failures = fel lösenord på { $kiosk }
staff-locked-by-expiry = utgångskontrollen
# $date, $time: när; $kiosk: var
staff-last-sign-in-at = { $date } { $time } på { $kiosk }
staff-last-sign-in-never = aldrig på en kiosk
# $date: ett datum, t.ex. 2027-01-01
staff-password-expires = Finns, går ut { $date }
staff-password-no-expiry = Finns, går inte ut
staff-password-none = Inget lösenord än
staff-password-must-change = måste bytas vid nästa inloggning
staff-password-temporary = Tillfälligt: måste bytas vid nästa inloggning
# $n: inloggningar kvar; $date: sista dag
staff-temp-left =
    { $n ->
        [one] En inloggning kvar, till { $date }
       *[other] { $n } inloggningar kvar, till { $date }
    }
# $n: antal svar
staff-method-questions = Säkerhetsfrågor ({ $n })
staff-method-questions-locked = låsta
# $number: mobilnumret, maskerat
staff-method-mobile = Sms till { $number }
staff-method-none = Inget: bara expeditionen kan hjälpa
# $document: typ av handling; $reference: det som antecknades
staff-check-done = Identitet kontrollerad: { $document }, referens { $reference }
staff-card-next = Tryck Enter för att kontrollera id-handlingen innan du gör något.
staff-card-next-checked = Tryck Enter för att välja vad du vill göra.
staff-refused-self = Det här är ditt eget konto. Byt ditt lösenord i kiosken som alla andra.
staff-refused-staff = Det här är ett personalkonto: personal kan inte hantera varandras konton. Fråga en administratör.
staff-refused-protected = Konton i den här kategorin är skyddade: fråga en administratör.
staff-refused-inactive = Kontot är inte aktivt: inget kan göras här.
staff-not-found = Kontot finns inte längre. Sök igen.
staff-check-title = Identitetskontroll
staff-check-intro = Be om en id-handling och kontrollera att den tillhör personen framför dig. Vilken handling kontrollerade du?
staff-doc-id-card = Id-kort
staff-doc-passport = Pass
staff-doc-driving-licence = Körkort
staff-doc-residence-permit = Uppehållstillståndskort
staff-check-reference = Referens
staff-check-reference-help = Till exempel de fyra sista siffrorna i handlingens nummer. Aldrig hela numret.
staff-check-error-empty = Skriv en referens från handlingen, till exempel de fyra sista siffrorna.
# $n: högsta antal tecken
staff-check-error-too-long = En referens får ha högst { $n } tecken.
# A whole personal or document number is never recorded; $n: characters allowed
staff-check-error-whole = Bara de sista { $n } tecknen i numret, aldrig hela numret.
staff-actions-title = Vad vill du göra?
staff-action-ticket = Återställning här och nu (rekommenderas)
staff-action-ticket-detail = Personen väljer själv ett nytt lösenord på den här skärmen, nu. Du ser det aldrig.
staff-action-temp = Tillfälligt lösenord
# $uses: antal inloggningar; $days: antal dagar det gäller
staff-action-temp-detail =
    { $uses ->
        [one] Visas en gång, med stora tecken. Gäller för en inloggning inom { $days } dagar och måste då bytas.
       *[other] Visas en gång, med stora tecken. Gäller för { $uses } inloggningar inom { $days } dagar och måste då bytas.
    }
staff-action-unlock = Lås upp kontot
staff-action-unlock-detail = Tar bort låset och nollställer antalet felaktiga försök.
staff-action-clear-questions = Rensa säkerhetsfrågorna
staff-action-clear-questions-detail = Tar bort svaren, så att personen kan välja nya frågor i sin profil.
staff-action-clear-mobile = Rensa mobilnumret
staff-action-clear-mobile-detail = Tar bort numret, så att personen kan lägga till ett nytt i sin profil.
staff-action-username = Berätta användarnamnet
staff-action-username-detail = Visar användarnamnet med stora tecken.
# $name: personens namn
staff-confirm-ticket = Vänd skärmen mot { $name }. Hen skriver själv ett nytt lösenord; du ser det inte. Du loggas ut som personal.
staff-confirm-unlocks = Kontot är låst: det låses också upp.
# $name: personens namn; $secs: sekunder lösenordet visas
staff-confirm-temp = Ett tillfälligt lösenord för { $name } visas en gång, med stora tecken, i { $secs } sekunder. Det ersätter det nuvarande lösenordet. Se till att bara { $name } ser skärmen.
staff-action-slip = Tillfälligt lösenord på en utskriven lapp
staff-action-slip-detail =
    { $uses ->
        [one] Skrivs ut på en lapp, visas aldrig på skärmen. Gäller för en inloggning inom { $days } dagar, sedan måste det bytas.
       *[other] Skrivs ut på en lapp, visas aldrig på skärmen. Gäller för { $uses } inloggningar inom { $days } dagar, sedan måste det bytas.
    }
staff-confirm-slip = Ett tillfälligt lösenord för { $name } skrivs ut på en lapp på personens språk. Det ersätter det nuvarande lösenordet. Ge lappen till { $name } personligen.
staff-slip-printed = Lappen skrivs ut. Ge den till { $name } personligen.
staff-confirm-unlock = Kontot för { $name } låses upp och antalet felaktiga försök nollställs.
# $n: antal svar
staff-confirm-clear-questions = Säkerhetssvaren för { $name } tas bort ({ $n }). Hen kan välja nya frågor i sin profil.
# $number: mobilnumret, maskerat
staff-confirm-clear-mobile = Mobilnumret { $number } för { $name } tas bort. Hen kan lägga till ett nummer igen i sin profil.
staff-confirm-question = Tryck Enter för att bekräfta, eller Esc för att gå tillbaka.
staff-temp-title = Tillfälligt lösenord. Skriv upp det eller skriv in det nu:
staff-temp-spelled = Tecken för tecken:
# $uses: antal inloggningar; $date: sista dag
staff-temp-valid =
    { $uses ->
        [one] Gäller för en inloggning till och med { $date }. Det måste bytas vid den inloggningen.
       *[other] Gäller för { $uses } inloggningar till och med { $date }. Det måste bytas vid första inloggningen.
    }
# $secs: sekunder kvar på skärmen
staff-temp-hides = Försvinner om { $secs } s. Tryck Enter så fort det är nedskrivet.
staff-temp-hidden = Det tillfälliga lösenordet har visats och är nu dolt. Det kan inte visas igen.
staff-done-unlocked = Kontot är upplåst.
# $n: borttagna svar
staff-done-questions =
    { $n ->
        [one] Ett säkerhetssvar togs bort.
       *[other] { $n } säkerhetssvar togs bort.
    }
staff-done-mobile = Mobilnumret har tagits bort.
# $name: personens namn
staff-username-title = Användarnamnet för { $name } är:
staff-username-plain = Användarnamn:
staff-done-back = Tryck Enter för att gå tillbaka till kortet.
# Sms med koden för personalinloggning: ett GSM-meddelande, inga tankstreck eller typografiska citattecken.
staff-sms-code = { $school } personalinloggning: din kod är { $code }. Giltig i { $minutes } min. Ge den aldrig till någon.
# The print command failed (exit code, missing, or no answer in time): the temporary
# password is shown in large letters instead.
staff-print-failed = Skrivaren tog inte emot lappen. Lösenordet visas här i stället.

# The school's directory refused the new password; $n: the rule's number, $time: when
directory-refused-history =
    { $n ->
        [one] Skolans katalog godkände det inte: det har använts nyligen. Välj ett som inte är ditt senaste lösenord.
       *[other] Skolans katalog godkände det inte: det har använts nyligen. Välj ett som du inte har använt bland dina { $n } senaste lösenord.
    }
directory-refused-short = Skolans katalog godkände det inte: det måste ha minst { $n } tecken.
directory-refused-young = Skolans katalog godkände det inte: lösenordet byttes nyss. Du kan byta det igen efter { $time }.
directory-refused-young-unknown = Skolans katalog godkände det inte: lösenordet byttes nyss. Försök igen senare.
directory-refused-quality = Skolans katalog godkände det inte eftersom det är för lätt att gissa. Välj ett annat.
directory-refused-complexity = Skolans katalog godkände det inte: använd tre sorters tecken (stora bokstäver, små bokstäver, siffror, specialtecken) och inte ditt namn.
directory-refused-not-allowed = Skolans katalog tillåter inte att det här kontot byter lösenord här. Fråga personalen på expeditionen{ $office }.

## audit
## The staff card's events in words: what was done (audit-action-), how it went
## (audit-outcome-), and how a notice went out (audit-via-). One per stored word.
# $action, $outcome: the two words above; $via: audit-via- or nothing
audit-event = { $action }: { $outcome }{ $via }
# $name, $username: vems händelser utskriften visar (kiosk admin audit --plain)
audit-print-title = Händelser på kontot för { $name } ({ $username })
# $when: datum och tid för utskriften
audit-print-printed = Utskrivet { $when }. Varje rad: när, vad som hände, var, av vem.
audit-print-count = { $n ->
        [0] Inga händelser.
        [one] En händelse.
       *[other] { $n } händelser.
    }
audit-via-sms = {" "}via sms
audit-via-email = {" "}via e-post
audit-action-verify-password = Inloggning
audit-action-kiosk-slowdown = Kiosken saktade ner
audit-action-machine-input = Maskinsnabb inmatning
audit-action-lock = Kontot låstes
audit-action-change-password = Lösenordsbyte
audit-action-give-up = Avbröt innan sparande
audit-action-reset = Återställning
audit-action-enroll-questions = Säkerhetsfrågor sparade
audit-action-questions-challenge = Säkerhetsfrågor ställda
audit-action-answer-questions = Svar på säkerhetsfrågor
audit-action-questions-lock = Säkerhetsfrågor låsta
audit-action-sms-code = Kod via sms
audit-action-verify-code = Sms-kod angiven
audit-action-mobile-code = Kod till nytt mobilnummer
audit-action-mobile-confirmed = Mobilnummer bekräftat
audit-action-mobile-notice = Meddelande om mobilnummer
audit-action-questions-notice = Meddelande om säkerhetsfrågor
audit-action-change-notice = Meddelande om lösenordsbyte
audit-action-expiry-notice = Påminnelse om utgång
audit-action-expiry-lock = Låst: lösenordet gick ut
audit-action-import = Import av elevlista
audit-action-roster-sync = Katalogsynk
audit-action-temp-password = Tillfälligt lösenord (admin)
audit-action-unlock = Upplåst (admin)
audit-action-show = Kontot visat (admin)
audit-action-grant-helpdesk = Personalroll given
audit-action-revoke-helpdesk = Personalroll borttagen
audit-action-staff-sign-in = Personalinloggning
audit-action-staff-code = Personalens kod
audit-action-staff-session = Personalpass
audit-action-staff-search = Sökning av personal
audit-action-staff-view = Kortet visat för personal
audit-action-staff-identity-check = Id kontrollerad av personal
audit-action-staff-reset-ticket = Återställning på expeditionen
audit-action-staff-temp-password = Tillfälligt lösenord (exp.)
audit-action-staff-unlock = Upplåst av personal
audit-action-staff-clear-questions = Frågor rensade av personal
audit-action-staff-clear-mobile = Mobilnr borttaget av personal
audit-action-staff-tell-username = Användarnamn visat av personal
audit-action-target-push = Nytt lösenord till molnkonto (Google, Microsoft 365)
audit-outcome-ok = klart
audit-outcome-ok-temp = klart, tillfälligt lösenord
audit-outcome-invalid = fel
audit-outcome-locked = låst
audit-outcome-temp-expired = tillfälligt lösenord utgånget
audit-outcome-wait = fick vänta
audit-outcome-cooldown = pausad
audit-outcome-rejected = bröt mot en regel
audit-outcome-conflict = ändrat på annat håll först
audit-outcome-partial = inte alla bevis
audit-outcome-verified = bekräftat
audit-outcome-denied = nekat
audit-outcome-bad-choice = ogiltigt val
audit-outcome-not-offered = erbjöds inte
audit-outcome-asked = ställd
audit-outcome-stale = för sent
audit-outcome-wrong = fel
audit-outcome-refused = nekat
audit-outcome-unchanged = oförändrat
audit-outcome-ended = avslutat
audit-outcome-not-staff = inte personal
audit-outcome-must-change = måste byta lösenord
audit-outcome-code-sent = kod skickad
audit-outcome-code-failed = koden kunde inte skickas
audit-outcome-quota-account = för många koder denna timme
audit-outcome-quota-kiosk = kioskens kodgräns nådd
audit-outcome-void = ogiltig
audit-outcome-sent = skickat
audit-outcome-failed = misslyckades
audit-outcome-skipped = hoppades över
audit-outcome-decoy = okänt namn
audit-outcome-tries-used-up = försöken slut
audit-outcome-expired = utgånget
audit-outcome-queued = väntar på nytt försök
audit-outcome-superseded = ersatt av ett nyare lösenord
audit-outcome-no-code = ingen kod
audit-outcome-no-second-factor = ingen andra faktor
audit-outcome-staff-only = bara admin kan återställa

# Push targets on the Done screen (README "Google Workspace and Microsoft 365").
target-school = Skolkontot
target-google = Google
target-microsoft = Microsoft 365
ui-done-target-pending = { $target }: på väg (inom några minuter).
ui-done-target-failed = { $target }: inte bytt. Fråga personalen på expeditionen{ $office }.
# The staff card's rows for the cloud targets (README "Google Workspace and Microsoft 365"):
# how the person's last change went there.
staff-target-done = bytt
# $time: when the kiosk tries again
staff-target-pending-at = på väg (nytt försök kl. { $time })
staff-target-pending = på väg
staff-target-failed = inte bytt
# `kiosk admin audit --user U --plain`: under each password change, how it went at each
# cloud account. $target: Google or Microsoft 365
audit-target-done = { $target }: bytt
audit-target-pending = { $target }: på väg
audit-target-failed = { $target }: inte bytt
## Lappar med tillfälliga lösenord (kiosk admin temp-password --slips): en sida per person.
slip-title = Ditt tillfälliga lösenord
slip-name = Namn: { $name }
slip-username = Användarnamn: { $username }
slip-password = Tillfälligt lösenord:
slip-valid =
    { $uses ->
        [one] Det fungerar för en inloggning, till och med { $date }.
       *[other] Det fungerar för { $uses } inloggningar, till och med { $date }.
    }
slip-steps-title = Vid lösenordskiosken
slip-step-1 = Välj språk och tryck Enter.
slip-step-2 = Skriv ditt användarnamn, tryck Enter och välj "{ $method }".
slip-step-3 = Skriv det tillfälliga lösenordet ovan och tryck Enter.
slip-step-4 = Välj ett eget nytt lösenord, skriv det två gånger och tryck Enter. Sedan är det ditt.
slip-keep = Visa inte lappen för någon, och släng den när du har ditt eget lösenord.
slip-office = Frågor? Fråga expeditionen: { $place }, { $hours }.
