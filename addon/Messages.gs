/**
 * What the add-on says to people, in English and French, and how an outcome becomes a toast.
 *
 * The language is the sheet's (its locale, "fr_FR" → French), so a team sees the same words as
 * the Dashboard tab. Error toasts show the service's own `message`; when the service sent none
 * (a proxy's HTML page, an empty body) a sentence chosen by HTTP status stands in. A stack trace
 * or a raw response body never reaches a person.
 */

var MESSAGES = {
  en: {
    menu_refresh: 'Refresh dashboard',
    menu_setup: 'Set up tabs',
    menu_schedule: 'Schedule…',
    menu_sidebar: 'Open sidebar',
    menu_settings: 'Settings…',
    sidebar_title: 'sheetsync',
    settings_title: 'sheetsync settings',
    refreshing: 'Refreshing the dashboard…',
    still_running_title: 'Still refreshing',
    still_running: 'The refresh goes on in the background; the Dashboard tab will update when it ends. Open the sidebar to follow it.',
    refreshed_title: 'Dashboard refreshed',
    refreshed: 'Dashboard and Data issues tabs updated{period} in {seconds} s.',
    refreshed_period: ' for {period}',
    refreshed_unchanged: 'The data has not changed since the last refresh: the dashboard was not rewritten ({seconds} s).',
    issues_none: 'No data issues.',
    issues_one: '1 data issue — see the Data issues tab.',
    issues_many: '{count} data issues — see the Data issues tab.',
    setup_title: 'Tabs set up',
    setup_added: 'Added: {tabs}. Paste your exports into them, then refresh.',
    setup_none: 'Every tab is already there; nothing was changed.',
    failed_title: 'Refresh failed',
    retry_after: 'Try again in {seconds} s.',
    status_0: 'The sheetsync service cannot be reached. Try again in a minute.',
    status_400: 'The service refused the request.',
    status_401: 'The service did not accept your Google sign-in. Reload the sheet and try again.',
    status_403: 'You have no access to this sheet through sheetsync.',
    status_404: 'The service cannot find this sheet.',
    status_409: 'A refresh of this sheet is already running.',
    status_422: 'The data in this sheet cannot be used yet.',
    status_429: 'Google’s quota is used up for now.',
    status_502: 'Google Sheets is failing right now.',
    status_504: 'Google Sheets is too slow right now.',
    status_5xx: 'The sheetsync service failed.',
    status_other: 'The service answered with an unexpected status {status}.',
    title_0: 'Service unreachable',
    title_400: 'Request refused',
    title_401: 'Sign-in needed',
    title_403: 'No access to this sheet',
    title_404: 'Sheet not found',
    title_409: 'Already refreshing',
    title_422: 'Data to fix',
    title_429: 'Google quota reached',
    title_502: 'Google is failing',
    title_504: 'Google is too slow',
    title_5xx: 'Service error',
    not_configured_title: 'sheetsync is not set up',
    not_configured: 'Open Extensions → sheetsync → Settings… and enter the service URL.',
    bad_sheet_id: 'This spreadsheet id cannot be sent to the service.',
    unexpected: 'Something went wrong in the add-on. Try again; if it persists, tell whoever set up sheetsync.',
    schedule_saved: 'Schedule saved.',
    schedule_off: 'Scheduled refreshes are off.',
    schedule_bad_time: 'Enter a time as HH:MM, for example 07:30.',
    schedule_bad_frequency: 'Choose off, hourly or daily.',
    edit_trigger_on: 'The dashboard will refresh about a minute after edits to Spend, Costs or Settings.',
    edit_trigger_off: 'Edits no longer refresh the dashboard.',
    edit_trigger_failed: 'The edit trigger could not be changed: {reason}',
    settings_saved: 'Settings saved.',
    settings_locked: 'These settings are locked by whoever deployed the add-on.',
    settings_bad_url: 'The service URL must start with https:// (http:// only for 127.0.0.1 or localhost).',
    settings_bad_auth: 'Choose Google access token, Google identity token or shared secret.',
    settings_no_secret: 'The shared secret mode needs a secret.',
    oidc_audience: 'The identity token is for client {actual}, but Settings says {expected}: fix the client id in Settings….',
    no_issues_tab: 'There is no Data issues tab yet: refresh first.'
  },
  fr: {
    menu_refresh: 'Actualiser le tableau de bord',
    menu_setup: 'Créer les onglets',
    menu_schedule: 'Planifier…',
    menu_sidebar: 'Ouvrir le panneau',
    menu_settings: 'Paramètres…',
    sidebar_title: 'sheetsync',
    settings_title: 'Paramètres de sheetsync',
    refreshing: 'Actualisation du tableau de bord…',
    still_running_title: 'Actualisation en cours',
    still_running: 'L’actualisation continue en arrière-plan ; l’onglet Dashboard sera mis à jour à la fin. Ouvrez le panneau pour la suivre.',
    refreshed_title: 'Tableau de bord actualisé',
    refreshed: 'Onglets Dashboard et Data issues mis à jour{period} en {seconds} s.',
    refreshed_period: ' pour {period}',
    refreshed_unchanged: 'Les données n’ont pas changé depuis la dernière actualisation : le tableau de bord n’a pas été réécrit ({seconds} s).',
    issues_none: 'Aucun problème de données.',
    issues_one: '1 problème de données — voir l’onglet Data issues.',
    issues_many: '{count} problèmes de données — voir l’onglet Data issues.',
    setup_title: 'Onglets créés',
    setup_added: 'Ajoutés : {tabs}. Collez-y vos exports, puis actualisez.',
    setup_none: 'Tous les onglets existent déjà ; rien n’a été modifié.',
    failed_title: 'Échec de l’actualisation',
    retry_after: 'Réessayez dans {seconds} s.',
    status_0: 'Le service sheetsync est injoignable. Réessayez dans une minute.',
    status_400: 'Le service a refusé la requête.',
    status_401: 'Le service n’a pas accepté votre connexion Google. Rechargez la feuille et réessayez.',
    status_403: 'Vous n’avez pas accès à cette feuille via sheetsync.',
    status_404: 'Le service ne trouve pas cette feuille.',
    status_409: 'Une actualisation de cette feuille est déjà en cours.',
    status_422: 'Les données de cette feuille ne sont pas encore utilisables.',
    status_429: 'Le quota Google est épuisé pour le moment.',
    status_502: 'Google Sheets est en panne pour le moment.',
    status_504: 'Google Sheets est trop lent pour le moment.',
    status_5xx: 'Le service sheetsync a échoué.',
    status_other: 'Le service a répondu avec un statut inattendu {status}.',
    title_0: 'Service injoignable',
    title_400: 'Requête refusée',
    title_401: 'Connexion requise',
    title_403: 'Pas d’accès à cette feuille',
    title_404: 'Feuille introuvable',
    title_409: 'Déjà en cours',
    title_422: 'Données à corriger',
    title_429: 'Quota Google atteint',
    title_502: 'Google est en panne',
    title_504: 'Google est trop lent',
    title_5xx: 'Erreur du service',
    not_configured_title: 'sheetsync n’est pas configuré',
    not_configured: 'Ouvrez Extensions → sheetsync → Paramètres… et saisissez l’URL du service.',
    bad_sheet_id: 'L’identifiant de cette feuille ne peut pas être envoyé au service.',
    unexpected: 'Un problème est survenu dans le module. Réessayez ; si cela persiste, prévenez la personne qui a installé sheetsync.',
    schedule_saved: 'Planification enregistrée.',
    schedule_off: 'Les actualisations planifiées sont désactivées.',
    schedule_bad_time: 'Saisissez une heure au format HH:MM, par exemple 07:30.',
    schedule_bad_frequency: 'Choisissez désactivée, toutes les heures ou chaque jour.',
    edit_trigger_on: 'Le tableau de bord s’actualisera environ une minute après une modification de Dépenses, Charges ou Paramètres.',
    edit_trigger_off: 'Les modifications n’actualisent plus le tableau de bord.',
    edit_trigger_failed: 'Le déclencheur n’a pas pu être modifié : {reason}',
    settings_saved: 'Paramètres enregistrés.',
    settings_locked: 'Ces paramètres sont verrouillés par la personne qui a déployé le module.',
    settings_bad_url: 'L’URL du service doit commencer par https:// (http:// seulement pour 127.0.0.1 ou localhost).',
    settings_bad_auth: 'Choisissez jeton d’accès Google, jeton d’identité Google ou secret partagé.',
    settings_no_secret: 'Le mode secret partagé a besoin d’un secret.',
    oidc_audience: 'Le jeton d’identité est émis pour le client {actual}, mais les Paramètres indiquent {expected} : corrigez l’identifiant client dans Paramètres….',
    no_issues_tab: 'Il n’y a pas encore d’onglet Data issues : actualisez d’abord.'
  }
};

var MONTH_NAMES = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre',
    'octobre', 'novembre', 'décembre']
};

/** The add-on's language for a locale such as "fr_FR", "fr" or "en_GB": French or English. */
function languageOf_(locale) {
  return /^fr/i.test(String(locale || '')) ? 'fr' : 'en';
}

/** A message in `lang`, with {name} placeholders filled from `vars`. */
function t_(lang, key, vars) {
  var table = MESSAGES[lang] || MESSAGES.en;
  var text = table[key] !== undefined ? table[key] : MESSAGES.en[key];
  if (text === undefined) {
    throw new Error('No message ' + key);
  }
  return text.replace(/\{(\w+)\}/g, function (whole, name) {
    return vars && vars[name] !== undefined ? String(vars[name]) : whole;
  });
}

/** A period key as a person reads it: "2025-11" → "November 2025", "2025-W45" → "week 45, 2025". */
function periodLabel_(lang, period) {
  var month = /^(\d{4})-(\d{2})$/.exec(String(period || ''));
  if (month) {
    return MONTH_NAMES[lang][Number(month[2]) - 1] + ' ' + month[1];
  }
  var week = /^(\d{4})-W(\d{2})$/.exec(String(period || ''));
  if (week) {
    return (lang === 'fr' ? 'semaine ' : 'week ') + Number(week[2]) + ', ' + week[1];
  }
  return String(period || '');
}

/** Seconds with one decimal, in the language's decimal mark. */
function secondsLabel_(lang, seconds) {
  var text = (Math.round(Number(seconds || 0) * 10) / 10).toFixed(1);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** The sentence about the Data issues tab for `count` issues. */
function issuesSentence_(lang, count) {
  if (!count) {
    return t_(lang, 'issues_none');
  }
  return count === 1 ? t_(lang, 'issues_one') : t_(lang, 'issues_many', { count: count });
}

/** The toast of a finished, successful run: what was refreshed (or that nothing changed), how long, how many issues. */
function successMessage_(lang, run) {
  var period = run.headline && run.headline.length ? run.headline[0].period : null;
  if (run.wrote === false) {
    var seconds = secondsLabel_(lang, run.duration_seconds);
    return t_(lang, 'refreshed_unchanged', { seconds: seconds }) + ' ' + issuesSentence_(lang, run.issues_count || 0);
  }
  var text = t_(lang, 'refreshed', {
    period: period ? t_(lang, 'refreshed_period', { period: periodLabel_(lang, period) }) : '',
    seconds: secondsLabel_(lang, run.duration_seconds)
  });
  return text + ' ' + issuesSentence_(lang, run.issues_count || 0);
}

/** The message key family for an HTTP status: its own when we have one, else 5xx or other. */
function statusFamily_(status) {
  var known = [0, 400, 401, 403, 404, 409, 422, 429, 502, 504];
  if (known.indexOf(status) >= 0) {
    return String(status);
  }
  return status >= 500 ? '5xx' : 'other';
}
