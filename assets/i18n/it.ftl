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

## ui
## I testi delle schermate. Chi legge è uno studente di fretta: frasi brevi, dire cosa fare.

# Dopo il nome della scuola nell'intestazione.
ui-title = Cambio password
# $n: secondi prima che lo schermo venga cancellato
ui-countdown = Lo schermo si cancella tra { $n } s — premi un tasto qualsiasi per continuare
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
ui-hint-quit = Esci
ui-language = Lingua
# $school: il nome della scuola
ui-welcome-title = { $school } ti dà il benvenuto!
ui-welcome-intro = Qui puoi cambiare la password del tuo account scolastico, per esempio quando è scaduta o quando il personale ti ha dato una password temporanea.
ui-welcome-language-hint = cambiano la lingua
ui-welcome-start = Premi Invio per iniziare.
ui-help-prompt = Non conosci il tuo nome utente?
ui-help-title = Aiuto per il nome utente
# $unit: l'ufficio di assistenza, ad es. l'ufficio informatico
ui-help-body = Contatta { $unit }: ti aiuteranno.
ui-help-phone = Telefono
ui-help-email = E-mail
ui-help-hours = Orari
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
ui-method-password-detail = La password che hai adesso, o una temporanea che ti ha dato il personale.
ui-method-questions = Domande di sicurezza
ui-method-questions-detail = Rispondi alle domande che hai scelto nel tuo profilo.
ui-method-sms = Codice via SMS
ui-method-sms-detail = Ti mandiamo un codice monouso sul cellulare.
ui-current-title = La tua password attuale
ui-current-intro = Scrivi la password che hai adesso, o la password temporanea ricevuta dal personale, e premi Invio.
ui-password = Password
ui-current-busy = Controllo in corso…
ui-new-title = Scegli una nuova password.
# $name: il nome dello studente
ui-new-greeting = Ciao { $name }! Scegli una nuova password.
ui-new-intro = Consiglio: alcune parole di fila che vengono in mente solo a te sono facili da ricordare e difficili da indovinare.
ui-new-field = Nuova password
ui-repeat-field = Ripeti
ui-strength = Sicurezza
ui-rules-title = La password deve avere:
ui-notice-rules-not-met = Non tutti i requisiti sono ancora soddisfatti. Guarda l'elenco qui sopra.
ui-notice-mismatch = Le due password non sono uguali. Scrivi la stessa password in entrambi i campi.
ui-notice-rejected = La password non è stata accettata. Guarda l'elenco qui sopra e scegline un'altra.
ui-new-busy = Salvataggio in corso…
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
## codici. SMS: al massimo 160 caratteri dell'alfabeto GSM (niente trattini lunghi né virgolette curve).

# $date: il giorno in cui scade la password, ad es. 2027-01-01
expiry-notice-subject = La tua password scade il { $date }
# $name: il nome dell'account
expiry-greeting = Ciao { $name },
# $school: il nome della scuola; $date: data di scadenza; $days: giorni rimasti
expiry-notice-body = La password del tuo account di { $school } scade il { $date }, tra { $days ->
        [one] un giorno
       *[other] { $days } giorni
    }. Cambiala prima di allora alla postazione per le password in segreteria. Ti servirà la password attuale.
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
expiry-sms = { $school }: la tua password è scaduta il { $date }. Cambiala alla postazione in segreteria entro il { $lockdate } o l'account sarà bloccato. Aiuto: { $phone }
expiry-locked-subject = Il tuo account è stato bloccato
expiry-locked-body = La password del tuo account di { $school } è scaduta il { $date } e non è stata cambiata in tempo, quindi ora l'account è bloccato.
expiry-locked-unlock = Per farlo sbloccare, vai dal personale della segreteria con un documento d'identità. Appena è sbloccato, cambia subito la password alla postazione per le password.
# SMS quando l'account è stato bloccato.
expiry-locked-sms = { $school }: il tuo account è bloccato perché la password è scaduta. Vai dal personale della segreteria con un documento per sbloccarlo. Aiuto: { $phone }
