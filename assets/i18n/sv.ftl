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
zx-sugg-predictable-substitutions = Väntade byten, som @ i stället för a, hjälper inte så mycket.
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
rule-match = De två lösenorden är likadana

## Felmeddelanden

error-invalid-credentials = Fel användarnamn eller lösenord.
error-locked = Ditt konto är låst. Be personalen på expeditionen om hjälp.
# $time: klockslag, t.ex. 14:30
error-locked-until = För många försök. Försök igen efter { $time } eller fråga personalen på expeditionen.
error-conflict = Ditt lösenord ändrades från ett annat ställe samtidigt. Försök igen.
error-unavailable = Tjänsten fungerar inte just nu. Fråga personalen på expeditionen.
# $n: högsta antal tecken
error-too-long = Ett lösenord får ha högst { $n } tecken.
error-policy = Det nya lösenordet uppfyller inte reglerna.
error-temp-expired = Det tillfälliga lösenordet gäller inte längre. Be personalen på expeditionen om ett nytt.

## ui
## Skärmarnas texter. Läsaren är en elev med bråttom: korta meningar, säg vad man ska göra.

# Efter skolans namn i sidhuvudet.
ui-title = Byt lösenord
# $n: sekunder kvar innan skärmen töms
ui-countdown = Skärmen töms om { $n } s – tryck på valfri tangent för att fortsätta
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
ui-welcome-intro = Här byter du lösenordet till ditt skolkonto, till exempel när det har gått ut eller när du har fått ett tillfälligt lösenord av personalen.
ui-welcome-language-hint = byter språk
ui-welcome-start = Tryck Enter för att börja.
ui-help-prompt = Vet du inte ditt användarnamn?
ui-help-title = Hjälp med användarnamnet
# $unit: enheten som ger support, t.ex. IKT-enheten
ui-help-body = Kontakta { $unit }, så hjälper de dig.
ui-help-phone = Telefon
ui-help-email = E-post
ui-help-hours = Öppettider
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
ui-method-password-detail = Lösenordet du har nu, eller ett tillfälligt som du har fått av personalen.
ui-method-questions = Säkerhetsfrågor
ui-method-questions-detail = Svara på frågorna som du valde i din profil.
ui-method-sms = Kod i sms
ui-method-sms-detail = Vi skickar en engångskod till din mobil.
ui-current-title = Ditt nuvarande lösenord
ui-current-intro = Skriv lösenordet du har nu, eller det tillfälliga lösenordet från personalen, och tryck Enter.
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
ui-notice-mismatch = Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.
ui-notice-rejected = Lösenordet godkändes inte. Se listan ovan och välj ett annat.
ui-new-busy = Sparar…
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
## koder. Sms: högst 160 tecken ur GSM-alfabetet (inga tankstreck eller typografiska citattecken).

# $date: datumet då lösenordet går ut, t.ex. 2027-01-01
expiry-notice-subject = Ditt lösenord går ut { $date }
# $name: kontots namn
expiry-greeting = Hej { $name }!
# $school: skolans namn; $date: utgångsdatum; $days: dagar kvar
expiry-notice-body = Lösenordet till ditt konto på { $school } går ut { $date }, om { $days ->
        [one] en dag
       *[other] { $days } dagar
    }. Byt det innan dess vid lösenordskiosken på expeditionen. Du behöver ditt nuvarande lösenord.
# $grace: dagar efter utgångsdatum innan kontot spärras; $lockdate: dagen då det spärras
expiry-notice-grace =
    { $grace ->
        [0] Har du inte bytt det då spärras ditt konto.
       *[other] Har du inte bytt det då kan du fortfarande byta det vid kiosken fram till { $lockdate }. Sedan spärras ditt konto.
    }
# $unit, $phone, $email, $hours: supporten från konfigurationen
expiry-help = Behöver du hjälp? Kontakta { $unit }: telefon { $phone }, e-post { $email } ({ $hours }).
expiry-signature = Det här meddelandet skickades automatiskt av { $school }. Svara inte på det, och lämna aldrig ut ditt lösenord: ingen från skolan frågar efter det.
# Sms när lösenordet har gått ut.
expiry-sms = { $school }: ditt lösenord gick ut { $date }. Byt det vid lösenordskiosken på expeditionen senast { $lockdate }, annars spärras kontot. Hjälp: { $phone }
expiry-locked-subject = Ditt konto är spärrat
expiry-locked-body = Lösenordet till ditt konto på { $school } gick ut { $date } och byttes inte i tid, så kontot är nu spärrat.
expiry-locked-unlock = För att få det upplåst går du till personalen på expeditionen och visar legitimation. När kontot är upplåst byter du lösenordet vid lösenordskiosken direkt.
# Sms när kontot har spärrats.
expiry-locked-sms = { $school }: ditt konto är spärrat eftersom lösenordet gick ut. Gå till personalen på expeditionen med legitimation för att låsa upp det. Hjälp: { $phone }
