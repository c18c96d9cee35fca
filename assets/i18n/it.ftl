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
rule-complexity = Tre tipi di caratteri (A–Z, a–z, 0–9, simboli), non il tuo nome
# $rule: the history rule's text, while its check runs or waits for the database
rule-history-checking = { $rule } (verifica in corso…)
rule-history-later = { $rule } (verificata al salvataggio)
rule-match = Le due password coincidono

## Errori

# $office: " (luogo, orari)" della segreteria da support.place e support.hours, o niente
error-invalid-credentials = Nome utente o password errati, oppure l'account è bloccato. Riprova o chiedi al personale della segreteria{ $office }.
error-locked = Troppi tentativi: questo nome utente è bloccato. Chiedi aiuto al personale della segreteria{ $office }.
# $time: un orario, ad es. 14:30
error-locked-until = Troppi tentativi. Riprova dopo le { $time } o chiedi al personale della segreteria{ $office }.
# The kiosk slows down after wrong passwords; $n: seconds left
error-wait =
    { $n ->
        [one] Troppe password errate a questo terminale. Attendi un secondo, poi riprova.
       *[other] Troppe password errate a questo terminale. Attendi { $n } secondi, poi riprova.
    }
error-wait-over = Ora puoi riprovare.
error-conflict = La tua password è stata cambiata da un'altra postazione nello stesso momento. Riprova.
error-unavailable = Il servizio non è disponibile al momento. Chiedi al personale della segreteria{ $office }.
# $n: il numero massimo di caratteri
error-too-long = Una password può avere al massimo { $n } caratteri.
error-policy = La nuova password non rispetta le regole.
error-temp-expired = Questa password temporanea non è più valida. Chiedi al personale della segreteria{ $office } una nuova password.

## ui
## I testi delle schermate. Chi legge è uno studente di fretta: frasi brevi, dire cosa fare.

# Dopo il nome della scuola nell'intestazione.
ui-title = Cambio password
# $n: secondi prima che lo schermo venga cancellato
ui-countdown = Lo schermo si cancella tra { $n } s — premi un tasto qualsiasi per continuare
# Input came faster than a person types, many times; $n: seconds left
ui-machine-banner = Più veloce di una persona: il terminale attende { $n } s.
ui-unavailable-banner = Servizio non disponibile — chiedi al personale della segreteria
ui-too-small = Ingrandisci la finestra (80×24)
# I nomi dei tasti, come sono scritti sulla tastiera italiana.
ui-key-enter = Invio
ui-key-esc = Esc
ui-key-tab = Tab
# Cosa fanno i tasti, nel piè di pagina.
ui-hint-start = Inizia
ui-hint-continue = Avanti
ui-hint-back = Indietro
ui-hint-switch-field = Cambia campo
ui-hint-next-field = Campo seguente
ui-hint-save = Salva
ui-hint-choose = Scegli
ui-hint-finish = Fine
ui-hint-help = Aiuto
# Anche in inglese, così chi non legge l'italiano trova la scelta della lingua.
ui-hint-language = Lingua/Language
ui-hint-quit = Chiudi
ui-language = Lingua
# $school: il nome della scuola
ui-welcome-title = { $school } ti dà il benvenuto!
ui-welcome-intro = Qui puoi cambiare la password del tuo account scolastico, per esempio quando è scaduta o quando il personale della segreteria ti ha dato una password temporanea.
ui-welcome-language-hint = cambiano la lingua
ui-welcome-start = Premi Invio per iniziare.
ui-help-prompt = Non conosci il tuo nome utente?
ui-help-title = Aiuto per il nome utente
# $unit: l'ufficio di assistenza, ad es. l'ufficio informatico
ui-help-body = Contatta { $unit }: ti aiuteranno.
ui-help-phone = Telefono
ui-help-email = E-mail
ui-help-hours = Orari
ui-help-place = Dove
ui-help-close = Premi di nuovo F1 per chiudere.
ui-identify-title = Qual è il tuo nome utente?
ui-identify-intro = Scrivi il nome utente con cui accedi ai computer della scuola e premi Invio.
ui-username = Nome utente
ui-identify-busy = Cerco il tuo account…
ui-identify-error-empty = Scrivi prima il tuo nome utente.
ui-identify-error-bad-characters = Un nome utente può contenere solo lettere, numeri e . _ - @ (senza spazi).
# $n: il numero massimo di caratteri
ui-identify-error-too-long = Un nome utente può avere al massimo { $n } caratteri.
ui-identify-error-unknown = Non troviamo nessun account con questo nome utente. Controlla come l'hai scritto, o premi F1 per avere aiuto.
ui-method-title = Come vuoi dimostrare che sei tu?
# $username: il nome utente scritto dallo studente
ui-method-for = Account: { $username }
ui-method-intro = Scegli con ↑ ↓ e premi Invio.
ui-method-password = Password attuale o temporanea
ui-method-password-detail = La password che hai adesso, o una temporanea che ti ha dato il personale della segreteria.
ui-method-questions = Domande di sicurezza
ui-method-questions-detail = Rispondi alle domande che hai scelto nel tuo profilo.
ui-method-sms = Codice via SMS
ui-method-sms-detail = Ti mandiamo un codice monouso sul cellulare.
ui-current-title = La tua password attuale
ui-current-intro = Scrivi la password che hai adesso, o la password temporanea ricevuta dal personale della segreteria, e premi Invio.
ui-password = Password
ui-current-busy = Controllo in corso…
ui-new-title = Scegli una nuova password.
# $name: il nome dello studente
ui-new-greeting = Ciao { $name }! Scegli una nuova password.
ui-new-intro = Consiglio: alcune parole di fila che vengono in mente solo a te sono facili da ricordare e difficili da indovinare.
ui-new-field = Nuova password
ui-repeat-field = Ripeti
ui-strength = Sicurezza
ui-rules-title = Regole per la password:
ui-notice-rules-not-met = Non tutti i requisiti sono ancora soddisfatti. Guarda l'elenco qui sopra.
ui-notice-mismatch = Le due password non sono uguali. Scrivi la stessa password in entrambi i campi.
ui-notice-rejected = La password non è stata accettata. Guarda l'elenco qui sopra e scegline un'altra.
ui-notice-leave = Uscire senza una nuova password? Dovrai tornare in segreteria{ $office }. Premi di nuovo Esc per uscire o un altro tasto per restare.
ui-new-busy = Salvataggio in corso…
ui-new-retry = Non ancora salvata: verrà salvata appena il database torna disponibile. Attendi qui.
ui-done-changed = Fatto! La tua password è stata cambiata.
# $date: una data, ad es. 2027-01-01
ui-done-expires = Dovrai cambiarla di nuovo entro il { $date }.
ui-done-no-expiry = La tua password non scade.
ui-done-next-changed = D'ora in poi usa la nuova password, anche sul telefono se è collegato al tuo account scolastico.
ui-done-failed = La tua password non è stata cambiata.
ui-done-conflict = Il tuo account è stato modificato da un'altra postazione nello stesso momento, quindi la nuova password non è stata salvata.
ui-done-next-conflict = Poi ricomincia dall'inizio e scegli di nuovo la nuova password.
ui-done-next-unavailable = Riprova tra poco.
ui-done-finish = Premi Invio per finire.

## expiry notices
## E-mail e SMS di `kiosk notify` sulle password in scadenza. Testo semplice, niente link né
## codici. SMS: al massimo 2 messaggi, 306 caratteri dell'alfabeto GSM con la segreteria (niente trattini lunghi né virgolette curve).

# $date: il giorno in cui scade la password, ad es. 2027-01-01
expiry-notice-subject = La tua password scade il { $date }
# $name: il nome dell'account
expiry-greeting = Ciao { $name },
# $school: il nome della scuola; $date: data di scadenza; $days: giorni rimasti
expiry-notice-body = La password del tuo account di { $school } scade il { $date }, tra { $days ->
        [one] un giorno
       *[other] { $days } giorni
    }. Cambiala prima di allora alla postazione per le password in segreteria{ $office }. Ti servirà la password attuale.
# $grace: giorni dopo la scadenza prima del blocco; $lockdate: il giorno del blocco
expiry-notice-grace =
    { $grace ->
        [0] Se non l'avrai cambiata entro quella data, il tuo account verrà bloccato.
       *[other] Se non l'avrai cambiata entro quella data, potrai ancora cambiarla alla postazione fino al { $lockdate }. Dopo, il tuo account verrà bloccato.
    }
# $unit, $phone, $email, $hours: l'assistenza indicata nella configurazione
expiry-help = Serve aiuto? Contatta { $unit }: telefono { $phone }, e-mail { $email } ({ $hours }).
expiry-signature = Questo messaggio è stato inviato automaticamente da { $school }. Non rispondere e non comunicare mai la tua password a nessuno: nessuno della scuola te la chiederà.
# SMS quando la password è scaduta.
expiry-sms = { $school }: la tua password è scaduta il { $date }. Cambiala alla postazione in segreteria{ $office } entro il { $lockdate } o l'account sarà bloccato. Aiuto: { $phone }
expiry-locked-subject = Il tuo account è stato bloccato
expiry-locked-body = La password del tuo account di { $school } è scaduta il { $date } e non è stata cambiata in tempo, quindi ora l'account è bloccato.
expiry-locked-unlock = Per farlo sbloccare, vai dal personale della segreteria{ $office } con un documento d'identità. Appena è sbloccato, cambia subito la password alla postazione per le password.
# SMS quando l'account è stato bloccato.
expiry-locked-sms = { $school }: il tuo account è bloccato perché la password è scaduta. Vai dal personale della segreteria{ $office } con un documento per sbloccarlo. Aiuto: { $phone }

## sms
## Codici monouso via SMS, il numero di cellulare nel profilo e l'avviso dopo un cambio di
## password. SMS: un messaggio di 160 caratteri dell'alfabeto GSM (niente trattini lunghi né
## virgolette curve). Mai una password; un codice solo nei messaggi con il codice.

# $school: il nome della scuola; $code: sei cifre; $minutes: per quanto vale il codice
sms-code-reset = { $school }: { $code } è il tuo codice per cambiare la password. Vale { $minutes } min. Non darlo mai a nessuno.
sms-code-mobile = { $school }: { $code } è il tuo codice per confermare questo numero di cellulare. Vale { $minutes } min. Non darlo mai a nessuno.
# Usato quando il testo più lungo non sta in un solo SMS.
sms-code-short = { $code } è il tuo codice. Vale { $minutes } min. Non darlo mai a nessuno.
# $username: l'account; $date, $time: quando; $unit, $phone: l'assistenza
sms-notice-password = { $school }: la password di { $username } è stata cambiata il { $date } alle { $time }. Non eri tu? Contatta { $unit }, { $phone }.
sms-notice-password-short = La tua password è stata cambiata il { $date } alle { $time }. Non eri tu? Chiama { $phone }.
# Inviato al VECCHIO numero quando il numero di cellulare cambia.
sms-notice-mobile = { $school }: il cellulare di { $username } è stato cambiato il { $date } alle { $time }. Non eri tu? Contatta { $unit }, { $phone }.
sms-notice-mobile-short = Il tuo cellulare è stato cambiato il { $date } alle { $time }. Non eri tu? Chiama { $phone }.
sms-notice-mobile-cleared = { $school }: il cellulare di { $username } è stato rimosso il { $date } alle { $time }. Non eri tu? Contatta { $unit }, { $phone }.
sms-notice-mobile-cleared-short = Il tuo cellulare è stato rimosso il { $date } alle { $time }. Non eri tu? Chiama { $phone }.
sms-notice-questions = { $school }: le domande di sicurezza di { $username } sono state cambiate il { $date } alle { $time }. Non eri tu? Contatta { $unit }, { $phone }.
sms-notice-questions-short = Le tue domande di sicurezza sono state cambiate il { $date } alle { $time }. Non eri tu? Chiama { $phone }.
sms-notice-questions-cleared = { $school }: le domande di sicurezza di { $username } sono state rimosse il { $date } alle { $time }. Non eri tu? Contatta { $unit }, { $phone }.
sms-notice-questions-cleared-short = Le tue domande di sicurezza sono state rimosse il { $date } alle { $time }. Non eri tu? Chiama { $phone }.
mail-factor-subject = { $change ->
    [mobile] Il tuo cellulare è stato cambiato
    [mobile-cleared] Il tuo cellulare è stato rimosso
    [questions] Le tue domande di sicurezza sono state cambiate
   *[questions-cleared] Le tue domande di sicurezza sono state rimosse
}
mail-factor-body = { $change ->
    [mobile] Il cellulare del tuo account { $school } ({ $username }) è stato cambiato il { $date } alle { $time }.
    [mobile-cleared] Il cellulare del tuo account { $school } ({ $username }) è stato rimosso il { $date } alle { $time }.
    [questions] Le domande di sicurezza del tuo account { $school } ({ $username }) sono state cambiate il { $date } alle { $time }.
   *[questions-cleared] Le domande di sicurezza del tuo account { $school } ({ $username }) sono state rimosse il { $date } alle { $time }.
}
# L'e-mail dopo un cambio di password.
sms-mail-subject = La tua password è stata cambiata
# $name: il nome dell'account
sms-mail-greeting = Ciao { $name },
sms-mail-body = La password del tuo account { $school } ({ $username }) è stata cambiata il { $date } alle { $time }.
# $email, $hours: l'assistenza
sms-mail-not-you = Se eri tu, non devi fare altro. Non eri tu? Contatta subito { $unit }: telefono { $phone }, e-mail { $email } ({ $hours }).
sms-mail-signature = Questo messaggio è stato inviato automaticamente da { $school }. Non rispondere. Nessuno della scuola ti chiederà mai la password.
# La schermata "codice via SMS" durante un ripristino.
sms-title = Codice via SMS
sms-sending = Ti stiamo mandando un codice sul cellulare…
# $number: il numero, in parte nascosto, ad es. +46 70 *** ** 67
sms-sent-to = Abbiamo mandato un codice al { $number }.
# $minutes: per quanto vale il codice
sms-valid = Il codice vale { $minutes } minuti. Scrivilo qui e premi Invio.
sms-code-field = Codice
sms-checking = Controllo del codice…
# $n: tentativi rimasti per questo codice
sms-wrong = Il codice non è giusto. { $n ->
        [one] Ti resta un tentativo.
       *[other] Ti restano { $n } tentativi.
    }
sms-incomplete = Il codice ha 6 cifre. Scrivile tutte.
sms-expired = Il codice è scaduto. Premi F5 per averne uno nuovo.
sms-used-up = Troppi tentativi sbagliati: questo codice non vale più. Premi F5 per averne uno nuovo.
sms-no-code = Questo codice non vale più. Premi F5 per averne uno nuovo.
# $secs: secondi prima di poter chiedere un nuovo codice
sms-resend-wait = Non è arrivato? Tra { $secs } s puoi chiederne uno nuovo.
sms-resend-now = Non è arrivato? Premi F5 per averne uno nuovo.
sms-staff = Non hai il cellulare con te, o il codice non arriva? Anche il personale della segreteria{ $office } può aiutarti.
sms-failed = Non siamo riusciti a mandare il codice. Scegli un altro modo, o chiedi aiuto al personale della segreteria{ $office }.
sms-unavailable = Non è stato possibile mandare il codice in questo momento. Premi Invio per riprovare, o chiedi aiuto al personale della segreteria{ $office }.
sms-hint-check = Controlla
sms-hint-resend = Manda di nuovo
sms-hint-other-way = Un altro modo
# La schermata "numero di cellulare" del profilo.
sms-mobile-title = Il tuo numero di cellulare
sms-mobile-intro = Se dimentichi la password, possiamo mandare un codice a questo numero per cambiarla qui.
sms-mobile-current = Il tuo numero adesso: { $number }
sms-mobile-none = Qui non hai ancora un numero di cellulare.
sms-mobile-field = Nuovo numero
# $number: un numero di esempio, ad es. 070-123 45 67
sms-mobile-example = Scrivilo così: { $number }
# $number: lo stesso esempio con il prefisso internazionale
sms-mobile-example-intl = oppure con il prefisso internazionale: { $number }
sms-mobile-sending = Stiamo mandando un codice al nuovo numero…
sms-mobile-sent = Abbiamo mandato un codice al { $number } per controllare che il numero sia tuo.
sms-mobile-confirmed = Fatto! Il tuo numero di cellulare adesso è { $number }.
sms-mobile-confirmed-next = Da ora in poi i codici per cambiare la password arriveranno lì.
sms-mobile-empty = Scrivi prima il tuo numero di cellulare.
sms-mobile-bad-characters = Un numero di telefono ha solo cifre, spazi, trattini e un + all'inizio.
sms-mobile-too-short = Quel numero ha troppe poche cifre per essere un cellulare.
sms-mobile-too-long = Quel numero ha troppe cifre per essere un cellulare.
sms-mobile-invalid = Questo non è un numero di telefono che conosciamo.
sms-mobile-not-mobile = Questo non è un numero di cellulare. Il codice si può mandare solo a un cellulare.
sms-mobile-unchanged = È già il tuo numero.
sms-mobile-failed = Non siamo riusciti a mandare un codice a quel numero. Controllalo, o chiedi aiuto al personale della segreteria{ $office }.
sms-mobile-off = Gli SMS qui sono disattivati. Chiedi al personale della segreteria{ $office } di aggiungere il tuo numero.
sms-hint-send-code = Manda il codice

## questions
## Domande di sicurezza per reimpostare la password, e il profilo dopo l'accesso (regole
## della password, scegliere e rispondere alle domande).

ui-questions-title = Le tue domande di sicurezza
ui-questions-intro = Rispondi alle domande che hai scelto nel tuo profilo. Maiuscole e spazi in più non contano.
ui-questions-answer = Risposta
ui-questions-loading = Sto caricando le tue domande…
ui-questions-busy = Sto controllando le risposte…
ui-questions-error-unanswered = Prima rispondi a tutte le domande.
# $n: il numero massimo di caratteri
ui-answer-error-too-long = Una risposta può avere al massimo { $n } caratteri.
# $n: tentativi rimasti prima che le domande vengano bloccate
ui-questions-error-wrong =
    { $n ->
        [one] Almeno una risposta è sbagliata. Ti resta un tentativo, poi le domande vengono bloccate per un po'.
       *[other] Almeno una risposta è sbagliata. Riprova: ti restano { $n } tentativi.
    }
ui-questions-error-changed = Le tue domande sono cambiate. Rispondi a queste.
# $time: un orario, ad es. 14:30
ui-questions-locked-until = Troppe risposte sbagliate. Puoi riprovare con le domande dopo le { $time }.
ui-questions-locked = Troppe risposte sbagliate. Il personale della segreteria{ $office } può sbloccare le domande.
ui-questions-not-offered = Le domande di sicurezza non si possono usare per questo account.
ui-questions-other-way = Scegli un altro modo per dimostrare che sei tu, oppure chiedi al personale della segreteria{ $office }.
ui-questions-retry = Premi Invio per riprovare.
ui-hint-other-method = Altro modo
ui-hint-check = Controlla
ui-hint-show-answer = Mostra risposta
ui-hint-hide-answer = Nascondi risposta
ui-hint-try-again = Riprova
# $name: il nome dello studente
ui-profile-greeting = Ciao { $name }! Che cosa vuoi fare?
ui-profile-title = Che cosa vuoi fare?
# $n: giorni rimasti prima che la password scada
ui-profile-expires-soon =
    { $n ->
        [one] La tua password scade entro un giorno. Cambiala subito!
       *[other] La tua password scade tra { $n } giorni. Vuoi cambiarla adesso?
    }
ui-profile-saved = Le tue domande di sicurezza sono state salvate.
ui-profile-change = Cambia la mia password
ui-profile-change-detail = Scegli subito una nuova password.
ui-profile-rules = Le regole della mia password
ui-profile-rules-detail = Che cosa deve avere la tua password e quando dovrai cambiarla.
ui-profile-questions = Domande di sicurezza
ui-profile-questions-detail-none = Scegli delle domande, così potrai reimpostare la password in autonomia se la dimentichi.
# $date: una data, ad es. 2026-01-01
ui-profile-questions-detail-set = Hai scelto le tue domande il { $date }. Qui puoi sceglierne di nuove.
ui-profile-mobile = Numero di cellulare
ui-profile-mobile-detail = Per ricevere un codice via SMS se dimentichi la password.
ui-hint-sign-out = Esci dal profilo
ui-profile-rules-title = Le regole della tua password
# $n: giorni
ui-profile-rules-max-age =
    { $n ->
        [one] Una password vale { $n } giorno. Poi devi sceglierne una nuova.
       *[other] Una password vale { $n } giorni. Poi devi sceglierne una nuova.
    }
ui-profile-rules-no-max-age = Le password del tuo gruppo non scadono.
# $date: una data, ad es. 2027-01-01
ui-profile-rules-next-change = Cambia la password attuale entro il { $date }.
# $n: quante domande scegliere
ui-enrol-choose-title =
    { $n ->
        [one] Scegli { $n } domanda di sicurezza
       *[other] Scegli { $n } domande di sicurezza
    }
ui-enrol-choose-intro = Scegli domande a cui solo tu sai rispondere e di cui ricorderai la risposta anche tra qualche anno. Premi Spazio per spuntare una domanda.
# $n: domande spuntate finora
ui-enrol-chosen = Spuntate: { $n }
ui-enrol-more-above = ↑ altre domande
ui-enrol-more-below = ↓ altre domande
# $n: quante domande scegliere
ui-enrol-choose-too-few =
    { $n ->
        [one] Spunta { $n } domanda, poi premi Invio.
       *[other] Spunta { $n } domande, poi premi Invio.
    }
# $n: quante domande scegliere
ui-enrol-choose-too-many =
    { $n ->
        [one] Puoi spuntare solo { $n } domanda. Per sceglierne un'altra, togli prima la spunta.
       *[other] Puoi spuntare solo { $n } domande. Per sceglierne un'altra, togli prima una spunta.
    }
ui-hint-move = Sposta
ui-key-space = Spazio
ui-hint-tick = Spunta
ui-enrol-answer-title = Rispondi alle tue domande
ui-enrol-answer-intro = Scrivi risposte che ricorderai esattamente. Maiuscole e spazi in più non contano, l'ortografia sì.
ui-enrol-busy = Sto salvando le risposte…
ui-enrol-not-offered = Per questo account non si possono scegliere domande di sicurezza. Chiedi al personale della segreteria{ $office }.
ui-enrol-error-empty = Scrivi una risposta.
# $n: il numero minimo di caratteri
ui-enrol-error-too-short =
    { $n ->
        [one] La risposta deve avere almeno { $n } carattere.
       *[other] La risposta deve avere almeno { $n } caratteri.
    }
ui-enrol-error-same-as-question = La risposta non può essere la domanda stessa.
ui-enrol-error-same-as-username = La risposta non può essere il tuo nome utente.
ui-enrol-error-repeated = Questa risposta è uguale a un'altra. Dai a ogni domanda una risposta diversa.
ui-done-profile = Premi F3 per aprire il tuo profilo: le domande di sicurezza e le regole della password.
ui-hint-profile = Il mio profilo

## staff
## Modalità segreteria (F9 nella prima schermata, oppure `kiosk --staff`). Chi legge lavora
## in segreteria con la coda allo sportello: dire di chi è l'account, in che stato è e il
## prossimo passo.

# Il tasto nella prima schermata che apre la modalità segreteria.
staff-hint = Segreteria
# Dopo il nome della scuola nell'intestazione, in modalità segreteria.
staff-title = Segreteria
staff-hint-sign-in = Accedi
staff-hint-cancel = Annulla
staff-hint-sign-out = Esci
staff-hint-search = Cerca
staff-hint-open = Apri
staff-hint-check = Verifica documento
staff-hint-actions = Scegli azione
staff-hint-back-to-list = Torna all'elenco
staff-hint-document = Documento
staff-hint-record = Registra
staff-hint-confirm = Conferma
staff-hint-hide = Nascondi ora
staff-hint-back-to-card = Torna alla scheda
staff-busy = Attendere…
staff-sign-in-title = Accesso per la segreteria
staff-sign-in-intro = Per il personale di segreteria abilitato all'assistenza. Accedi con il tuo nome utente e la tua password.
staff-error-empty = Scrivi il tuo nome utente e la tua password.
staff-error-locked = Questo account è bloccato. Chiedi a un amministratore di sbloccarlo.
# $time: un orario, es. 14:30
staff-error-locked-until = Troppi tentativi. Riprova dopo le { $time }.
staff-error-temp-expired = Questa password temporanea non è più valida.
staff-error-must-change = Prima devi cambiare la tua password: cambiala al chiosco (Invio nella prima schermata), poi accedi di nuovo qui.
staff-error-code-not-sent = Non è stato possibile inviare il codice di accesso via SMS. Riprova più tardi o chiedi a un amministratore.
staff-error-no-second-factor = L'accesso per la segreteria richiede un codice via SMS e questo account non ha un cellulare confermato. Rivolgiti a un amministratore.
staff-code-title = Codice di accesso
# $number: il cellulare, mascherato; $minutes: validità del codice
staff-code-intro = Abbiamo inviato un codice via SMS al { $number }. È valido per { $minutes } minuti.
staff-code = Codice
# $n: tentativi rimasti
staff-error-code-wrong =
    { $n ->
        [one] Codice errato. Resta un tentativo.
       *[other] Codice errato. Restano { $n } tentativi.
    }
staff-error-code-void = Il codice non è più valido. Accedi di nuovo per riceverne uno nuovo.
staff-error-code-malformed = Un codice ha sei cifre.
# $name, $username: chi ha effettuato l'accesso
staff-signed-in = Segreteria: { $name } ({ $username })
staff-search-title = Cerca una persona
staff-search-intro = Basta una parte del nome o del nome utente; maiuscole e accenti non contano.
staff-search-field = Nome o nome utente
# $n: lettere minime per una ricerca
staff-search-too-short = Scrivi almeno { $n } lettere del nome o del nome utente.
staff-search-none = Nessuno trovato. Controlla l'ortografia o prova con una parte del nome.
# $n: persone trovate
staff-search-found =
    { $n ->
        [one] Trovata una persona:
       *[other] Trovate { $n } persone:
    }
# $n: il massimo mostrato
staff-search-more = Trovate più di { $n } persone. Sono mostrate le prime { $n }: scrivi una parte più lunga del nome.
# $n: righe fuori vista
staff-list-above = altre { $n } sopra
staff-list-below = altre { $n } sotto
staff-tag-locked = bloccato
staff-tag-self = tu
staff-tag-staff = segreteria
staff-tag-protected = protetto
staff-card-title = Account
staff-card-category = Categoria
staff-card-status = Stato
staff-card-password = Password
staff-card-temp = Temporanea
staff-card-methods = Può reimpostare con
staff-card-events = Ultimi eventi
staff-events-none = Ancora nessun evento.
staff-status-active = Attivo, non bloccato
staff-status-inactive = Non attivo
# $reason: perché l'account è bloccato (uno dei messaggi staff-lock-)
staff-status-locked = BLOCCATO ({ $reason })
# $reason: perché; $time: quando finisce il blocco
staff-status-locked-until = BLOCCATO fino alle { $time } ({ $reason })
staff-lock-failures = troppe password errate
staff-lock-staff = dalla segreteria o da un amministratore
staff-lock-expired = la password è scaduta e non è stata cambiata in tempo
staff-lock-other = dal sistema
# $name: il nome della categoria nella configurazione; $label: la sua etichetta (svedese)
staff-category = { $name ->
        [students] Studenti
        [staff] Personale
       *[other] { $label }
    }
staff-card-locked-by = Bloccato da
staff-card-last-sign-in = Ultimo accesso
# $who: il nome di chi ha bloccato, o uno dei due sotto; $date, $time: quando
staff-locked-by = { $who }, { $date } { $time }
# $kiosk: il chiosco dove sono state scritte le password errate
staff-locked-by-failures = password errate su { $kiosk }
staff-locked-by-expiry = il controllo delle scadenze
# $date, $time: quando; $kiosk: dove
staff-last-sign-in-at = { $date } { $time } su { $kiosk }
staff-last-sign-in-never = mai a un chiosco
# $date: una data, es. 2027-01-01
staff-password-expires = Impostata, scade il { $date }
staff-password-no-expiry = Impostata, non scade
staff-password-none = Nessuna password
staff-password-must-change = da cambiare al prossimo accesso
staff-password-temporary = Temporanea: da cambiare al prossimo accesso
# $n: accessi rimasti; $date: ultimo giorno
staff-temp-left =
    { $n ->
        [one] Un accesso rimasto, fino al { $date }
       *[other] { $n } accessi rimasti, fino al { $date }
    }
# $n: risposte registrate
staff-method-questions = Domande di sicurezza ({ $n })
staff-method-questions-locked = bloccate
# $number: il cellulare, mascherato
staff-method-mobile = SMS al { $number }
staff-method-none = Niente: può aiutare solo la segreteria
# $document: il tipo di documento; $reference: ciò che è stato annotato
staff-check-done = Identità verificata: { $document }, riferimento { $reference }
staff-card-next = Premi Invio per verificare il documento d'identità prima di fare qualsiasi cosa.
staff-card-next-checked = Premi Invio per scegliere cosa fare.
staff-refused-self = Questo è il tuo account. Cambia la tua password al chiosco come tutti.
staff-refused-staff = Questo è un account della segreteria: non si può intervenire sugli account dei colleghi. Chiedi a un amministratore.
staff-refused-protected = Gli account di questa categoria sono protetti: chiedi a un amministratore.
staff-refused-inactive = Questo account non è attivo: qui non si può fare nulla.
staff-not-found = Questo account non esiste più. Cerca di nuovo.
staff-check-title = Verifica dell'identità
staff-check-intro = Chiedi un documento d'identità e verifica che appartenga alla persona davanti a te. Quale documento hai verificato?
staff-doc-id-card = Carta d'identità
staff-doc-passport = Passaporto
staff-doc-driving-licence = Patente di guida
staff-doc-residence-permit = Permesso di soggiorno
staff-check-reference = Riferimento
staff-check-reference-help = Per esempio le ultime quattro cifre del numero del documento. Mai il numero intero.
staff-check-error-empty = Scrivi un riferimento del documento, per esempio le ultime quattro cifre.
# $n: numero massimo di caratteri
staff-check-error-too-long = Un riferimento può avere al massimo { $n } caratteri.
# A whole personal or document number is never recorded; $n: characters allowed
staff-check-error-whole = Solo gli ultimi { $n } caratteri del numero, mai il numero intero.
staff-actions-title = Cosa vuoi fare?
staff-action-ticket = Reimpostazione qui e ora (consigliata)
staff-action-ticket-detail = La persona sceglie da sola una nuova password su questa schermata, adesso. Tu non la vedi mai.
staff-action-temp = Password temporanea
# $uses: accessi consentiti; $days: giorni di validità
staff-action-temp-detail =
    { $uses ->
        [one] Mostrata una volta, a caratteri grandi. Vale per un accesso entro { $days } giorni, poi va cambiata.
       *[other] Mostrata una volta, a caratteri grandi. Vale per { $uses } accessi entro { $days } giorni, poi va cambiata.
    }
staff-action-unlock = Sblocca l'account
staff-action-unlock-detail = Toglie il blocco e azzera i tentativi errati.
staff-action-clear-questions = Cancella le domande di sicurezza
staff-action-clear-questions-detail = Toglie le risposte, così la persona può scegliere nuove domande nel suo profilo.
staff-action-clear-mobile = Cancella il numero di cellulare
staff-action-clear-mobile-detail = Toglie il numero, così la persona può aggiungerne uno nuovo nel suo profilo.
staff-action-username = Comunica il nome utente
staff-action-username-detail = Mostra il nome utente a caratteri grandi.
# $name: il nome della persona
staff-confirm-ticket = Gira lo schermo verso { $name }. Scriverà da sé una nuova password; tu non la vedrai. La tua sessione di segreteria finisce qui.
staff-confirm-unlocks = L'account è bloccato: così viene anche sbloccato.
# $name: il nome della persona; $secs: secondi sullo schermo
staff-confirm-temp = Una password temporanea per { $name } sarà mostrata una volta, a caratteri grandi, per { $secs } secondi. Sostituisce la password attuale. Assicurati che solo { $name } veda lo schermo.
staff-action-slip = Password temporanea su un foglietto stampato
staff-action-slip-detail =
    { $uses ->
        [one] Stampata su un foglietto, mai mostrata sullo schermo. Vale per un accesso entro { $days } giorni, poi va cambiata.
       *[other] Stampata su un foglietto, mai mostrata sullo schermo. Vale per { $uses } accessi entro { $days } giorni, poi va cambiata.
    }
staff-confirm-slip = Una password temporanea per { $name } sarà stampata su un foglietto nella sua lingua. Sostituisce la password attuale. Consegna il foglietto { $name-initial ->
    [vowel] ad
   *[other] a
} { $name } di persona.
staff-slip-printed = Il foglietto è in stampa. Consegnalo { $name-initial ->
    [vowel] ad
   *[other] a
} { $name } di persona.
staff-confirm-unlock = L'account di { $name } sarà sbloccato e i tentativi errati azzerati.
# $n: risposte registrate
staff-confirm-clear-questions = Le risposte di sicurezza di { $name } saranno cancellate ({ $n }). Potrà scegliere nuove domande nel suo profilo.
# $number: il cellulare, mascherato
staff-confirm-clear-mobile = Il numero { $number } di { $name } sarà cancellato. Potrà aggiungere di nuovo un numero nel suo profilo.
staff-confirm-question = Premi Invio per confermare, o Esc per tornare indietro.
staff-temp-title = Password temporanea. Annotala o scrivila adesso:
staff-temp-spelled = Carattere per carattere:
# $uses: accessi; $date: ultimo giorno
staff-temp-valid =
    { $uses ->
        [one] Vale per un accesso fino al { $date }. Va cambiata a quell'accesso.
       *[other] Vale per { $uses } accessi fino al { $date }. Va cambiata al primo accesso.
    }
# $secs: secondi rimasti sullo schermo
staff-temp-hides = Scompare tra { $secs } s. Premi Invio appena è stata annotata.
staff-temp-hidden = La password temporanea è stata mostrata e ora è nascosta. Non si può mostrare di nuovo.
staff-done-unlocked = L'account è sbloccato.
# $n: risposte cancellate
staff-done-questions =
    { $n ->
        [one] Cancellata una risposta di sicurezza.
       *[other] Cancellate { $n } risposte di sicurezza.
    }
staff-done-mobile = Il numero di cellulare è stato cancellato.
# $name: il nome della persona
staff-username-title = Il nome utente di { $name } è:
staff-username-plain = Nome utente:
staff-done-back = Premi Invio per tornare alla scheda.
# SMS con il codice per l'accesso della segreteria: un messaggio GSM, niente trattini lunghi né virgolette curve.
staff-sms-code = { $school } accesso segreteria: il tuo codice è { $code }. Valido per { $minutes } min. Non darlo mai a nessuno.
# The print command failed (exit code, missing, or no answer in time): the temporary
# password is shown in large letters instead.
staff-print-failed = La stampante non ha accettato il foglietto. La password è mostrata qui al suo posto.

# The school's directory refused the new password; $n: the rule's number, $time: when
directory-refused-history =
    { $n ->
        [one] La directory della scuola non l'ha accettata: è stata usata di recente. Scegline una diversa dall'ultima password.
       *[other] La directory della scuola non l'ha accettata: è stata usata di recente. Scegline una che non hai usato nelle ultime { $n } password.
    }
directory-refused-short = La directory della scuola non l'ha accettata: deve avere almeno { $n } caratteri.
directory-refused-young = La directory della scuola non l'ha accettata: la password è stata cambiata da poco. Potrai cambiarla di nuovo a partire da { $time }.
directory-refused-young-unknown = La directory della scuola non l'ha accettata: la password è stata cambiata da poco. Riprova più tardi.
directory-refused-quality = La directory della scuola non l'ha accettata perché è troppo facile da indovinare. Scegline un'altra.
directory-refused-complexity = La directory della scuola non l'ha accettata: usa tre tipi di caratteri (maiuscole, minuscole, numeri, simboli) e non il tuo nome.
directory-refused-not-allowed = La directory della scuola non permette a questo account di cambiare la password qui. Chiedi al personale della segreteria{ $office }.

## audit
## The staff card's events in words: what was done (audit-action-), how it went
## (audit-outcome-), and how a notice went out (audit-via-). One per stored word.
# $action, $outcome: the two words above; $via: audit-via- or nothing
audit-event = { $action }: { $outcome }{ $via }
# $name, $username: di chi sono gli eventi stampati (kiosk admin audit --plain)
audit-print-title = Eventi sull'account di { $name } ({ $username })
# $when: data e ora della stampa
audit-print-printed = Stampato il { $when }. Ogni riga: quando, cosa è successo, dove, da chi.
audit-print-count = { $n ->
        [0] Nessun evento.
        [one] Un evento.
       *[other] { $n } eventi.
    }
audit-via-sms = {" "}via SMS
audit-via-email = {" "}via email
audit-action-verify-password = Accesso
audit-action-kiosk-slowdown = Chiosco rallentato
audit-action-machine-input = Digitazione automatica
audit-action-lock = Account bloccato
audit-action-change-password = Cambio password
audit-action-give-up = Rinuncia prima di salvare
audit-action-reset = Reimpostazione
audit-action-enroll-questions = Domande di sicurezza salvate
audit-action-questions-challenge = Domande di sicurezza poste
audit-action-answer-questions = Risposte di sicurezza
audit-action-questions-lock = Domande di sicurezza bloccate
audit-action-sms-code = Codice via SMS
audit-action-verify-code = Codice SMS inserito
audit-action-mobile-code = Codice al nuovo cellulare
audit-action-mobile-confirmed = Cellulare confermato
audit-action-mobile-notice = Avviso cambio cellulare
audit-action-questions-notice = Avviso cambio domande
audit-action-change-notice = Avviso cambio password
audit-action-expiry-notice = Avviso di scadenza
audit-action-expiry-lock = Bloccato: password scaduta
audit-action-import = Importazione elenco
audit-action-roster-sync = Sincronizzazione directory
audit-action-temp-password = Password temporanea (admin)
audit-action-unlock = Sbloccato (admin)
audit-action-show = Account visto (admin)
audit-action-grant-helpdesk = Ruolo personale dato
audit-action-revoke-helpdesk = Ruolo personale tolto
audit-action-staff-sign-in = Accesso personale
audit-action-staff-code = Codice del personale
audit-action-staff-session = Sessione del personale
audit-action-staff-search = Ricerca del personale
audit-action-staff-view = Scheda vista dal personale
audit-action-staff-identity-check = Documento controllato
audit-action-staff-reset-ticket = Reimpostazione in segreteria
audit-action-staff-temp-password = Password temporanea (segr.)
audit-action-staff-unlock = Sbloccato dal personale
audit-action-staff-clear-questions = Domande cancellate
audit-action-staff-clear-mobile = Cellulare cancellato
audit-action-staff-tell-username = Nome utente comunicato
audit-action-target-push = Nuova password a un account cloud (Google, Microsoft 365)
audit-outcome-ok = fatto
audit-outcome-ok-temp = fatto, password temporanea
audit-outcome-invalid = errato
audit-outcome-locked = bloccato
audit-outcome-temp-expired = password temporanea scaduta
audit-outcome-wait = attesa
audit-outcome-cooldown = in pausa
audit-outcome-rejected = regola non rispettata
audit-outcome-conflict = cambiato altrove prima
audit-outcome-partial = prove incomplete
audit-outcome-verified = verificato
audit-outcome-denied = negato
audit-outcome-bad-choice = scelta non valida
audit-outcome-not-offered = non offerto
audit-outcome-asked = poste
audit-outcome-stale = troppo tardi
audit-outcome-wrong = errato
audit-outcome-refused = rifiutato
audit-outcome-unchanged = invariato
audit-outcome-ended = terminata
audit-outcome-not-staff = non personale
audit-outcome-must-change = deve cambiare password
audit-outcome-code-sent = codice inviato
audit-outcome-code-failed = codice non inviato
audit-outcome-quota-account = troppi codici in un'ora
audit-outcome-quota-kiosk = limite codici del chiosco
audit-outcome-void = annullato
audit-outcome-sent = inviato
audit-outcome-failed = non riuscito
audit-outcome-skipped = saltato
audit-outcome-decoy = nome sconosciuto
audit-outcome-tries-used-up = tentativi esauriti
audit-outcome-expired = scaduto
audit-outcome-queued = in attesa di un nuovo tentativo
audit-outcome-superseded = sostituita da una password più recente
audit-outcome-no-code = nessun codice
audit-outcome-no-second-factor = nessun secondo fattore
audit-outcome-staff-only = solo un admin può reimpostare

# Push targets on the Done screen (README "Google Workspace and Microsoft 365").
target-school = Account della scuola
target-google = Google
target-microsoft = Microsoft 365
ui-done-target-pending = { $target }: in arrivo (entro pochi minuti).
ui-done-target-failed = { $target }: non cambiata. Chiedi al personale della segreteria{ $office }.
# The staff card's rows for the cloud targets (README "Google Workspace and Microsoft 365"):
# how the person's last change went there.
staff-target-done = cambiata
# $time: when the kiosk tries again
staff-target-pending-at = in arrivo (nuovo tentativo alle { $time })
staff-target-pending = in arrivo
staff-target-failed = non cambiata
# `kiosk admin audit --user U --plain`: under each password change, how it went at each
# cloud account. $target: Google or Microsoft 365
audit-target-done = { $target }: cambiata
audit-target-pending = { $target }: in arrivo
audit-target-failed = { $target }: non cambiata
## Foglietti con la password temporanea (kiosk admin temp-password --slips): una pagina a persona.
slip-title = La tua password temporanea
slip-name = Nome: { $name }
slip-username = Nome utente: { $username }
slip-password = Password temporanea:
slip-valid =
    { $uses ->
        [one] Vale per un accesso, fino al { $date }.
       *[other] Vale per { $uses } accessi, fino al { $date }.
    }
slip-steps-title = Al chiosco delle password
slip-step-1 = Scegli la lingua e premi Invio.
slip-step-2 = Scrivi il tuo nome utente, premi Invio e scegli "{ $method }".
slip-step-3 = Scrivi la password temporanea qui sopra e premi Invio.
slip-step-4 = Scegli una nuova password tua, scrivila due volte e premi Invio. Da quel momento è solo tua.
slip-keep = Non mostrare questo foglietto a nessuno e buttalo quando avrai la tua password.
slip-office = Domande? Chiedi in segreteria: { $place }, { $hours }.
