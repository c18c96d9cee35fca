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
