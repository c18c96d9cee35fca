### Italiano. Tutti i file hanno gli stessi messaggi, nello stesso ordine.
### Scrivere in modo semplice e gentile: chi legge è uno studente, non un tecnico.

## Indicatore di sicurezza

strength-very-weak = Molto debole
strength-weak = Debole
strength-fair = Discreta
strength-strong = Forte
strength-very-strong = Molto forte
# $label: una delle etichette qui sopra
strength-label = Sicurezza: { $label }

## Avvisi dell'indicatore (da zxcvbn)

zx-warn-straight-row = I tasti in fila, come qwerty, sono facili da indovinare.
zx-warn-keyboard-pattern = Le sequenze brevi sulla tastiera sono facili da indovinare.
zx-warn-repeated-char = Le ripetizioni come «aaa» sono facili da indovinare.
zx-warn-repeated-pattern = Le ripetizioni come «abcabcabc» sono solo un po' più difficili da indovinare di «abc».
zx-warn-top10 = Questa è una delle 10 password più usate.
zx-warn-top100 = Questa è una delle 100 password più usate.
zx-warn-common = Questa è una password molto comune.
zx-warn-similar-to-common = Questa password somiglia a una password molto comune.
zx-warn-sequence = Le sequenze come abc o 6543 sono facili da indovinare.
zx-warn-recent-year = Gli anni recenti sono facili da indovinare.
zx-warn-single-word = Una parola da sola è facile da indovinare.
zx-warn-date = Le date sono spesso facili da indovinare.
zx-warn-name-alone = Un nome da solo è facile da indovinare.
zx-warn-common-name = I nomi e i cognomi comuni sono facili da indovinare.

## Consigli dell'indicatore (da zxcvbn)

zx-sugg-use-few-words = Usa alcune parole, ma evita le frasi fatte.
zx-sugg-no-need-for-symbols = La lunghezza conta più di simboli, numeri e maiuscole.
zx-sugg-add-another-word = Aggiungi una o due parole. Le parole insolite sono le migliori.
zx-sugg-capitalization = Le maiuscole non aiutano molto.
zx-sugg-all-uppercase = Tutto in maiuscolo è facile da indovinare quasi quanto tutto in minuscolo.
zx-sugg-reversed-words = Le parole scritte al contrario non sono molto più difficili da indovinare.
zx-sugg-predictable-substitutions = Le sostituzioni prevedibili, come @ al posto di a, non aiutano molto.
zx-sugg-longer-keyboard-pattern = Usa una sequenza più lunga sulla tastiera, con più cambi di direzione.
zx-sugg-avoid-repeats = Evita parole e caratteri ripetuti.
zx-sugg-avoid-sequences = Evita le sequenze come abc o 123.
zx-sugg-avoid-recent-years = Evita gli anni recenti.
zx-sugg-avoid-personal-years = Evita gli anni legati a te.
zx-sugg-avoid-personal-dates = Evita date e anni legati a te.

## Regole della password (la lista di controllo)

# $n: numero di caratteri
rule-min-length =
    { $n ->
        [one] Almeno { $n } carattere
       *[other] Almeno { $n } caratteri
    }
# $n: numero di caratteri
rule-max-length =
    { $n ->
        [one] Al massimo { $n } carattere
       *[other] Al massimo { $n } caratteri
    }
rule-lowercase = Una lettera minuscola
rule-uppercase = Una lettera maiuscola
rule-digit = Un numero
rule-symbol = Un simbolo, come ! ? # o uno spazio
rule-not-common = Non una password comune
rule-no-personal = Non il tuo nome, il tuo nome utente o il nome della scuola
# $label: un'etichetta di sicurezza, ad es. «Forte»
rule-min-strength = Sicurezza almeno «{ $label }»
# $n: quante password precedenti vengono controllate
rule-history =
    { $n ->
        [one] Non la tua ultima password
       *[other] Non una delle tue ultime { $n } password
    }
rule-match = Le due password coincidono

## Errori

error-invalid-credentials = Nome utente o password errati.
error-locked = Il tuo account è bloccato. Chiedi aiuto al personale della segreteria.
# $time: un orario, ad es. 14:30
error-locked-until = Troppi tentativi. Riprova dopo le { $time } o chiedi al personale della segreteria.
error-conflict = La tua password è stata cambiata da un'altra postazione nello stesso momento. Riprova.
error-unavailable = Il servizio non è disponibile al momento. Chiedi al personale della segreteria.
# $n: il numero massimo di caratteri
error-too-long = Una password può avere al massimo { $n } caratteri.
error-policy = La nuova password non rispetta le regole.
error-temp-expired = Questa password temporanea non è più valida. Chiedi al personale della segreteria una nuova password.
