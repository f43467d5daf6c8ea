"""Domain 1, Information et données: 1.1 search and watch, 1.2 manage data, 1.3 process data."""

from __future__ import annotations

from decimal import Decimal

from demo_bank.attachments import (
    BUDGET_FILE,
    BUDGET_LINES,
    BUDGET_PUPILS,
    BUDGET_TOTAL,
    CHART_DAY_NAMES,
    CHART_FILE,
    CHART_VALUES,
    MARKS,
    MARKS_FILE,
    budget_share,
    mark,
)
from demo_bank.kit import EXACT, NO_TYPOS, En, dep, ind, num, qcm, qcu, qroc

CHART_ALT = (
    "Diagramme en barres du nombre de connexions à l'ENT par jour : "
    + ", ".join(f"{d} {v}" for d, v in zip(CHART_DAY_NAMES, CHART_VALUES, strict=True))
    + ". Axe vertical de 0 à 250, graduations tous les 50."
)


def _decimal_text(value: Decimal) -> str:
    return str(value).replace(".", ",")


_ENGLISH_MARKS = [m for _, _, (_, _, _, m) in MARKS]
ENGLISH_AT_LEAST_12 = sum(mark(m) >= 12 for m in _ENGLISH_MARKS)
MATHS_MEAN = sum(mark(ms[0]) for _, _, ms in MARKS) / len(MARKS)
BEST_DAY = CHART_DAY_NAMES[CHART_VALUES.index(max(CHART_VALUES))]
NEW_BUS_PRICE = 600
NEW_TOTAL = BUDGET_TOTAL - BUDGET_LINES[0][2] + NEW_BUS_PRICE
NEW_SHARE = (Decimal(NEW_TOTAL) / BUDGET_PUPILS).quantize(Decimal("0.01"))

ITEMS_1_1 = [
    qcu(
        "1.1",
        "requeteMotsCles",
        1,
        "Vous cherchez une recette de crêpes sans lait. Quelle requête donnera les résultats "
        "les plus utiles dans un moteur de recherche ?",
        "recette crêpes sans lait",
        [
            "comment est-ce que je peux faire des crêpes quand il n'y a plus de lait",
            "crêpes",
            "lait",
        ],
        "Quelques mots-clés précis suffisent. Une phrase entière ajoute des mots inutiles, "
        "et un seul mot ramène des résultats trop généraux.",
        en=En(
            "You are looking for a pancake recipe without milk. Which query will give the most "
            "useful results in a search engine?",
            "pancake recipe without milk",
            ["how can I make pancakes when there is no milk left at home", "pancakes", "milk"],
            "A few precise keywords are enough. A whole sentence adds useless words and a single "
            "word brings back results that are too general.",
        ),
    ),
    qcu(
        "1.1",
        "requeteMotsCles",
        2,
        "Pourquoi retirer les mots comme « le », « de » ou « comment » d'une requête ?",
        "Ils n'apportent pas d'information utile au moteur de recherche",
        [
            "Ils font planter le moteur de recherche",
            "Ils sont interdits dans une requête",
            "Ils rendent la recherche payante",
        ],
        "Ces « mots vides » sont très fréquents et n'aident pas à distinguer les pages : "
        "le moteur se fonde surtout sur les mots porteurs de sens.",
    ),
    qcm(
        "1.1",
        "requeteMotsCles",
        3,
        "Vous préparez un exposé sur le déclin des abeilles. Quelles requêtes sont précises et "
        "pertinentes ?",
        ["déclin abeilles causes", "mortalité abeilles pesticides"],
        ["abeilles", "pourquoi est-ce que les abeilles elles disparaissent de partout"],
        "Une bonne requête combine le sujet et l'angle recherché (causes, pesticides…). "
        "Un seul mot est trop vague, une phrase parlée ajoute du bruit.",
    ),
    qcu(
        "1.1",
        "requeteMotsCles",
        4,
        "Votre recherche « batterie téléphone chauffe » ne donne que des forums. Que faire pour "
        "trouver la page officielle du fabricant ?",
        "Ajouter le nom de la marque et le mot « assistance »",
        [
            "Écrire la requête en majuscules",
            "Ajouter des points d'exclamation",
            "Retirer le mot « batterie »",
        ],
        "Préciser la source attendue (la marque, « assistance », « support ») oriente le moteur "
        "vers le site du fabricant. La casse et la ponctuation n'y changent rien.",
    ),
    qcu(
        "1.1",
        "requeteMotsCles",
        5,
        "Vous cherchez des images que vous aurez le droit de réutiliser dans un exposé publié "
        "sur le site du lycée. Quel filtre du moteur de recherche d'images utilisez-vous ?",
        "Le filtre des droits d'usage (licences Creative Commons)",
        ["Le filtre de taille", "Le filtre de couleur", "Le filtre de date"],
        "Le filtre des droits d'usage ne garde que les images sous licence de réutilisation. "
        "Vérifiez ensuite la licence sur la page d'origine et citez l'auteur.",
        focused=True,
    ),
    qcu(
        "1.1",
        "operateursRecherche",
        2,
        "Quelle requête trouve uniquement les pages contenant exactement l'expression "
        "« énergie solaire » ?",
        '"énergie solaire"',
        ["énergie+solaire", "(énergie solaire)", "énergie solaire"],
        "Les guillemets demandent au moteur l'expression exacte, mots dans cet ordre.",
        timer=60,
        en=En(
            "Which query finds only pages containing exactly the phrase “solar energy”?",
            '"solar energy"',
            ["solar+energy", "(solar energy)", "solar energy"],
            "Quotation marks ask the engine for the exact phrase, words in that order.",
        ),
    ),
    qcu(
        "1.1",
        "operateursRecherche",
        3,
        "Vous cherchez des informations sur le jaguar, l'animal, mais les résultats parlent de "
        "voitures. Quelle requête écarte les pages contenant le mot « voiture » ?",
        "jaguar -voiture",
        ["jaguar +voiture", "jaguar voiture", 'jaguar "voiture"'],
        "Le signe moins collé devant un mot exclut les pages qui le contiennent.",
        en=En(
            "You want information about the jaguar, the animal, but the results are about cars. "
            "Which query excludes pages containing the word “car”?",
            "jaguar -car",
            ["jaguar +car", "jaguar car", 'jaguar "car"'],
            "A minus sign stuck to a word excludes the pages that contain it.",
        ),
    ),
    qroc(
        "1.1",
        "operateursRecherche",
        4,
        "Quel opérateur, suivi d'un deux-points, limite une recherche à un seul site web ? "
        "Exemple : « …:education.gouv.fr brevet ». Écrivez l'opérateur sans le deux-points.",
        ["site"],
        "« site:education.gouv.fr brevet » ne cherche « brevet » que sur ce site.",
        treatments=NO_TYPOS,
        focused=True,
        en=En(
            "Which operator, followed by a colon, restricts a search to a single website? "
            "Example: “…:education.gouv.fr exam”. Write the operator without the colon.",
            feedback="“site:education.gouv.fr exam” looks for “exam” on that site only.",
        ),
    ),
    qcu(
        "1.1",
        "operateursRecherche",
        5,
        "Quelle requête trouve les pages qui parlent de trottinette ou de vélo électrique (l'un "
        "ou l'autre) ?",
        'trottinette OR "vélo électrique"',
        ['"trottinette vélo électrique"', "trottinette -vélo électrique", "trottinette AND vélo"],
        "OR (en majuscules) accepte l'un ou l'autre terme ; les guillemets gardent "
        "« vélo électrique » ensemble.",
    ),
    qroc(
        "1.1",
        "operateursRecherche",
        5,
        "Quel opérateur de recherche limite les résultats à un type de fichier, par exemple aux "
        "documents PDF ? Écrivez-le sans le deux-points.",
        ["filetype", "ext"],
        "« filetype:pdf » (ou « ext:pdf » selon le moteur) ne renvoie que des fichiers PDF.",
        treatments=NO_TYPOS,
    ),
    qcu(
        "1.1",
        "operateursRecherche",
        6,
        "Quelle requête trouve les pages du site service-public.fr contenant exactement "
        "« carte d'identité » mais pas le mot « passeport » ?",
        'site:service-public.fr "carte d\'identité" -passeport',
        [
            "service-public.fr carte d'identité passeport",
            "site:service-public.fr carte d'identité +passeport",
            '"site:service-public.fr" -"carte d\'identité" passeport',
        ],
        "On combine trois opérateurs : site: pour le site, les guillemets pour l'expression "
        "exacte et le signe moins pour exclure un mot.",
    ),
    qcu(
        "1.1",
        "evaluerSource",
        1,
        "Où vérifier le plus sûrement la date officielle des épreuves du brevet ?",
        "Sur le site du ministère de l'Éducation nationale",
        ["Sur un forum d'élèves", "Dans la vidéo d'un inconnu", "Sur un blog de corrigés"],
        "Pour une information officielle, allez à la source officielle : ici le ministère.",
    ),
    qcu(
        "1.1",
        "evaluerSource",
        2,
        "Dans une page de résultats, que signifie la mention « Sponsorisé » au-dessus d'un lien ?",
        "Le site a payé pour apparaître à cet endroit",
        [
            "Le moteur recommande ce site car il est fiable",
            "C'est le site le plus visité",
            "C'est un site officiel de l'État",
        ],
        "Un lien sponsorisé est une publicité : sa place ne dit rien de sa fiabilité.",
        en=En(
            "On a results page, what does the label “Sponsored” above a link mean?",
            "The site paid to appear there",
            [
                "The engine recommends the site because it is reliable",
                "It is the most visited site",
                "It is an official government site",
            ],
            "A sponsored link is an advertisement: its position says nothing about reliability.",
        ),
    ),
    qcm(
        "1.1",
        "evaluerSource",
        3,
        "Quels éléments aident à juger la fiabilité d'un article trouvé en ligne ?",
        ["Le nom et la qualité de l'auteur", "La date de publication", "Les sources citées"],
        ["Le nombre de couleurs de la page", "Le nombre de publicités affichées"],
        "Qui écrit, quand, et sur quelles sources : ce sont les trois questions à se poser. "
        "L'apparence de la page ne prouve rien.",
    ),
    qcu(
        "1.1",
        "evaluerSource",
        4,
        "Une photo spectaculaire circule avec la légende « inondations à Paris hier ». Quel outil "
        "permet de vérifier si elle a déjà été publiée auparavant ?",
        "Une recherche d'image inversée",
        ["Un correcteur d'orthographe", "Un traitement de texte", "Un convertisseur PDF"],
        "La recherche inversée retrouve les publications antérieures d'une image : une photo "
        "ancienne ou prise ailleurs est souvent réutilisée pour tromper.",
        timer=90,
    ),
    qcu(
        "1.1",
        "evaluerSource",
        5,
        "Une étude est « publiée dans une revue à comité de lecture ». Qu'est-ce que cela "
        "garantit ?",
        "D'autres spécialistes l'ont relue et évaluée avant sa publication",
        [
            "Ses conclusions sont forcément vraies",
            "Elle a été financée par l'État",
            "Elle a été écrite par des journalistes",
        ],
        "La relecture par des pairs filtre beaucoup d'erreurs, sans rendre une étude infaillible.",
    ),
    qcu(
        "1.1",
        "evaluerSource",
        6,
        "Un site reprend une dépêche d'agence de presse sans la citer et lui donne un titre "
        "alarmiste. Quelle démarche vérifie le mieux l'information ?",
        "Retrouver la dépêche d'origine et la comparer au titre",
        [
            "Compter les partages sur les réseaux sociaux",
            "Lire les commentaires sous l'article",
            "Regarder si le site a un logo professionnel",
        ],
        "Remonter à la source première permet de voir ce qui a été ajouté ou déformé. "
        "La popularité ne prouve rien.",
    ),
    qcu(
        "1.1",
        "veilleInfo",
        2,
        "Vous voulez être prévenu dès qu'un article paraît sur votre sujet. Quel outil utiliser ?",
        "Une alerte par courriel sur des mots-clés",
        ["L'historique du navigateur", "La navigation privée", "La corbeille"],
        "Les alertes des moteurs et des sites vous envoient les nouveaux contenus : c'est "
        "la base d'une veille.",
    ),
    qroc(
        "1.1",
        "veilleInfo",
        3,
        "Quel sigle de trois lettres désigne le format de flux qui permet de suivre les nouvelles "
        "publications d'un site dans un agrégateur ?",
        ["RSS"],
        "Un flux RSS liste les dernières publications d'un site ; un agrégateur les rassemble.",
        treatments=NO_TYPOS,
        timer=45,
        en=En(
            "Which three-letter acronym names the feed format used to follow a site's new "
            "publications in an aggregator?",
            feedback="An RSS feed lists a site's latest posts; an aggregator gathers them.",
        ),
    ),
    qcu(
        "1.1",
        "veilleInfo",
        4,
        "Quel outil rassemble sur une même page les nouveaux articles de plusieurs sites que "
        "vous suivez ?",
        "Un agrégateur de flux",
        ["Un tableur", "Un antivirus", "Un gestionnaire de mots de passe"],
        "L'agrégateur lit les flux (RSS, Atom) de vos sources et affiche leurs nouveautés.",
    ),
    qcm(
        "1.1",
        "veilleInfo",
        6,
        "Pour une veille sur l'intelligence artificielle, quelles pratiques gardent une "
        "information fiable et à jour ?",
        [
            "Suivre des sources identifiées et variées",
            "Noter la date et la source de chaque information retenue",
        ],
        [
            "Ne suivre qu'un seul compte sur un réseau social",
            "Garder tous les articles sans jamais les trier",
        ],
        "Une veille utile croise des sources fiables et garde la trace de l'origine et de la "
        "date de chaque information.",
    ),
    qcu(
        "1.1",
        "lireAdresse",
        3,
        "Dans l'adresse https://www.lemonde.fr/sciences/article/eclipse.html, quel est le nom de "
        "domaine ?",
        "lemonde.fr",
        ["sciences/article", "https", "eclipse.html"],
        "Le nom de domaine se lit juste avant le premier « / » qui suit https:// ; ce qui suit "
        "est le chemin de la page.",
        en=En(
            "In the address https://www.lemonde.fr/sciences/article/eclipse.html, what is the "
            "domain name?",
            "lemonde.fr",
            ["sciences/article", "https", "eclipse.html"],
            "The domain name sits just before the first “/” after https://; what follows is the "
            "path of the page.",
        ),
    ),
    qroc(
        "1.1",
        "lireAdresse",
        5,
        "Dans l'adresse https://actualites.exemple.org.info-verifiee.com/article, quel est le "
        "vrai nom de domaine du site ?",
        ["info-verifiee.com"],
        "On lit le domaine de droite à gauche à partir du premier « / » : ici "
        "info-verifiee.com ; « actualites.exemple.org » n'est qu'un sous-domaine trompeur.",
        treatments=NO_TYPOS,
        focused=True,
    ),
]

ITEMS_1_2 = [
    qcu(
        "1.2",
        "extensionsFichier",
        1,
        "Parmi ces fichiers, lequel est une image ?",
        "plage.jpg",
        ["plage.mp3", "plage.docx", "plage.zip"],
        "L'extension indique le type : .jpg pour une image, .mp3 pour un son, .docx pour un "
        "texte, .zip pour une archive.",
        en=En(
            "Which of these files is an image?",
            "beach.jpg",
            ["beach.mp3", "beach.docx", "beach.zip"],
            "The extension tells the type: .jpg for an image, .mp3 for sound, .docx for text, "
            ".zip for an archive.",
        ),
    ),
    qcu(
        "1.2",
        "extensionsFichier",
        2,
        "Quel type de fichier est « exposé-volcans.pdf » ?",
        "Un document PDF, lisible avec un lecteur PDF ou un navigateur",
        ["Une musique", "Une vidéo", "Un programme à installer"],
        "L'extension .pdf désigne un document mis en page, qui s'affiche de la même façon partout.",
    ),
    qroc(
        "1.2",
        "extensionsFichier",
        3,
        "Quelle est l'extension du fichier « rapport.stage.version2.odt » ?",
        ["odt", ".odt"],
        "L'extension est ce qui suit le dernier point : les autres points font partie du nom.",
        treatments=NO_TYPOS,
        timer=45,
        en=En(
            "What is the extension of the file “report.internship.version2.odt”?",
            feedback="The extension is what follows the last dot; the other dots belong to the "
            "name.",
        ),
    ),
    qcu(
        "1.2",
        "nommageFichiers",
        1,
        "Quel nom de fichier permet le mieux de retrouver son travail plus tard ?",
        "svt-photosynthese-2025-03.odt",
        ["document1.odt", "truc final final.odt", "aaa.odt"],
        "Un nom explicite (matière, sujet, date) se retrouve facilement, même des mois après.",
    ),
    qcu(
        "1.2",
        "nommageFichiers",
        4,
        "Pourquoi nommer ses fichiers « 2025-03-14_compte-rendu.odt » plutôt que "
        "« 14 mars compte rendu.odt » ?",
        "La date année-mois-jour se trie dans l'ordre chronologique et le nom évite espaces et "
        "accents",
        [
            "Les fichiers avec des chiffres prennent moins de place",
            "Un nom sans espace s'ouvre plus vite",
            "Les noms avec des mots sont interdits",
        ],
        "Avec la date au format année-mois-jour, l'ordre alphabétique devient l'ordre "
        "chronologique ; sans espaces ni accents, le nom passe partout (web, autres systèmes).",
    ),
    qcu(
        "1.2",
        "arborescence",
        2,
        "Le chemin Documents/Cours/Maths/devoir.odt indique que le fichier devoir.odt se trouve…",
        "dans le dossier Maths, lui-même dans Cours, lui-même dans Documents",
        [
            "dans Documents, à côté du dossier Cours",
            "dans trois dossiers à la fois",
            "dans le dossier Cours seulement",
        ],
        "Un chemin se lit de gauche à droite, du dossier le plus englobant jusqu'au fichier.",
    ),
    qroc(
        "1.2",
        "arborescence",
        3,
        "Sous Windows, dans le chemin C:\\Users\\lea\\Documents\\histoire.odt, quel est le nom du "
        "dossier qui contient directement le fichier ?",
        ["Documents"],
        "Le dossier parent est le dernier nom avant le fichier : Documents.",
        treatments=NO_TYPOS,
        en=En(
            "On Windows, in the path C:\\Users\\lea\\Documents\\history.odt, what is the name of "
            "the folder that directly holds the file?",
            feedback="The parent folder is the last name before the file: Documents.",
        ),
    ),
    qcu(
        "1.2",
        "arborescence",
        5,
        "La page site/pages/index.html contient le lien relatif « ../images/logo.png ». Où se "
        "trouve logo.png ?",
        "site/images/logo.png",
        [
            "site/pages/images/logo.png",
            "images/logo.png à la racine du disque",
            "site/pages/logo.png",
        ],
        "« .. » remonte d'un dossier (de pages à site), puis on descend dans images.",
    ),
    qcu(
        "1.2",
        "arborescence",
        1,
        "Sur un ordinateur, où va d'abord un fichier que l'on supprime, d'où l'on peut encore "
        "le restaurer ?",
        "Dans la corbeille",
        ["Dans le dossier Téléchargements", "Sur le bureau", "Dans le cloud automatiquement"],
        "La corbeille garde les fichiers supprimés : on peut les restaurer tant qu'elle n'est "
        "pas vidée.",
        timer=30,
    ),
    num(
        "1.2",
        "unitesStockage",
        2,
        "Combien de kilo-octets (ko) y a-t-il dans 3 mégaoctets (Mo), si 1 Mo = 1 000 ko ?",
        ["3000"],
        "3 × 1 000 = 3 000 ko.",
        en=En(
            "How many kilobytes (kB) are there in 3 megabytes (MB), if 1 MB = 1,000 kB?",
            feedback="3 × 1,000 = 3,000 kB.",
        ),
    ),
    qcu(
        "1.2",
        "unitesStockage",
        3,
        "Quelle liste range les unités de la plus petite à la plus grande ?",
        "octet, kilo-octet, mégaoctet, gigaoctet, téraoctet",
        [
            "kilo-octet, octet, gigaoctet, mégaoctet, téraoctet",
            "octet, mégaoctet, kilo-octet, téraoctet, gigaoctet",
            "téraoctet, gigaoctet, mégaoctet, kilo-octet, octet",
        ],
        "Chaque unité vaut mille fois la précédente : octet, kilo (mille), méga (million), "
        "giga (milliard), téra (mille milliards).",
    ),
    num(
        "1.2",
        "unitesStockage",
        4,
        "Une clé USB de 16 Go contient déjà 9,5 Go de données. Combien de vidéos entières de "
        "700 Mo peut-on encore y copier (1 Go = 1 000 Mo) ?",
        ["9"],
        "Il reste 6,5 Go soit 6 500 Mo ; 6 500 ÷ 700 ≈ 9,3 : on peut copier 9 vidéos entières.",
    ),
    num(
        "1.2",
        "unitesStockage",
        6,
        "Une photo de 4 000 × 3 000 pixels est enregistrée sans compression, avec 3 octets par "
        "pixel. Combien de mégaoctets pèse-t-elle (1 Mo = 1 000 000 octets) ?",
        ["36"],
        "4 000 × 3 000 = 12 millions de pixels ; × 3 octets = 36 000 000 octets = 36 Mo.",
        focused=True,
        en=En(
            "A 4,000 × 3,000 pixel photo is stored uncompressed, with 3 bytes per pixel. How many "
            "megabytes does it weigh (1 MB = 1,000,000 bytes)?",
            feedback="4,000 × 3,000 = 12 million pixels; × 3 bytes = 36,000,000 bytes = 36 MB.",
        ),
    ),
    qcu(
        "1.2",
        "sauvegarde",
        2,
        "Quelle habitude protège le mieux vos travaux contre une panne de l'ordinateur ?",
        "En faire régulièrement une copie sur un support externe ou en ligne",
        [
            "En faire une copie dans un autre dossier du même disque",
            "Renommer le dossier des travaux",
            "Compresser le dossier en ZIP sur le même disque",
        ],
        "Une sauvegarde doit être sur un autre support : si le disque tombe en panne, les "
        "copies qu'il contient disparaissent avec lui.",
    ),
    qcu(
        "1.2",
        "sauvegarde",
        3,
        "Pourquoi compresser plusieurs fichiers dans une archive ZIP avant de les envoyer ?",
        "Pour n'envoyer qu'un seul fichier, souvent plus léger",
        [
            "Pour les protéger des virus",
            "Pour les convertir en PDF",
            "Pour que tous puissent les modifier",
        ],
        "L'archive regroupe les fichiers en un seul et réduit souvent leur taille.",
    ),
    qcu(
        "1.2",
        "sauvegarde",
        5,
        "Que recommande la règle de sauvegarde « 3-2-1 » ?",
        "3 copies des données, sur 2 supports différents, dont 1 conservée ailleurs",
        [
            "3 sauvegardes par jour, 2 par semaine, 1 par mois",
            "3 mots de passe, 2 comptes, 1 antivirus",
            "3 clés USB, 2 disques durs et 1 imprimante",
        ],
        "Plusieurs copies, plusieurs supports, une copie hors du lieu habituel : un incendie "
        "ou un vol ne détruit pas tout.",
    ),
    qcu(
        "1.2",
        "sauvegarde",
        6,
        "Quelle différence y a-t-il entre une synchronisation et une sauvegarde ?",
        "Une synchronisation reproduit aussi les suppressions ; une sauvegarde garde des "
        "versions passées",
        [
            "Aucune, ce sont deux noms de la même chose",
            "Une sauvegarde se fait forcément sur papier",
            "Une synchronisation ne fonctionne que sur téléphone",
        ],
        "Un fichier effacé par erreur dans un dossier synchronisé disparaît partout ; une "
        "sauvegarde permet de revenir en arrière.",
    ),
    qcu(
        "1.2",
        "sauvegarde",
        4,
        "Vous supprimez un fichier d'un dossier synchronisé avec un espace en ligne. Que se "
        "passe-t-il en général ?",
        "Il est aussi supprimé en ligne et sur les autres appareils synchronisés",
        [
            "Il reste en ligne pour toujours",
            "Il est envoyé par courriel à vos contacts",
            "Rien : la synchronisation ne concerne que les nouveaux fichiers",
        ],
        "La synchronisation applique chaque changement partout, suppressions comprises ; "
        "certains services gardent une corbeille quelques jours.",
    ),
    qcu(
        "1.2",
        "formatsOuverts",
        3,
        "Qu'est-ce qu'un format de fichier ouvert ?",
        "Un format dont la description est publique et librement utilisable",
        [
            "Un fichier qui n'a pas de mot de passe",
            "Un fichier que tout le monde peut modifier sur Internet",
            "Un format qui ne fonctionne que sous Windows",
        ],
        "Un format ouvert peut être lu et écrit par n'importe quel logiciel, aujourd'hui comme "
        "dans vingt ans.",
    ),
    qcm(
        "1.2",
        "formatsOuverts",
        4,
        "Parmi ces formats, lesquels sont des formats ouverts ?",
        ["ODT (OpenDocument texte)", "PNG (image)", "HTML (page web)"],
        ["PAGES (traitement de texte d'Apple)", "WMA (audio de Microsoft)"],
        "ODT, PNG et HTML ont des spécifications publiques ; PAGES et WMA sont des formats "
        "propriétaires.",
    ),
    ind(
        "1.2",
        "formatsOuverts",
        5,
        "Ouvrez le fichier notes-classe.csv avec un éditeur de texte. Quel caractère sépare les "
        "colonnes, et combien de lignes de données (sans la ligne d'en-tête) contient-il ?",
        [
            ("separateur", "Caractère séparateur", [";", "point-virgule", "point virgule"]),
            ("lignes", "Nombre de lignes de données", [str(len(MARKS))]),
        ],
        "Les CSV exportés par un tableur français séparent les colonnes par des points-virgules, "
        "car la virgule sert de séparateur décimal. La première ligne est l'en-tête.",
        treatments=EXACT,
        attachments=[MARKS_FILE],
    ),
    qcm(
        "1.2",
        "formatsOuverts",
        6,
        "Quelles informations sont des métadonnées d'une photo numérique ?",
        ["La date de prise de vue", "Le modèle de l'appareil", "Les coordonnées GPS du lieu"],
        ["La couleur de chaque pixel", "Le sujet représenté sur la photo"],
        "Les métadonnées (EXIF) décrivent le fichier : date, appareil, réglages, parfois le "
        "lieu. Les pixels sont l'image elle-même.",
    ),
]

ITEMS_1_3 = [
    qcu(
        "1.3",
        "formulesTableur",
        1,
        "Dans un tableur, par quel caractère commence une formule ?",
        "=",
        ["#", "?", "@"],
        "Le signe = indique au tableur qu'il doit calculer ce qui suit.",
        timer=30,
        en=En(
            "In a spreadsheet, which character starts a formula?",
            "=",
            ["#", "?", "@"],
            "The = sign tells the spreadsheet to compute what follows.",
        ),
    ),
    qcu(
        "1.3",
        "formulesTableur",
        2,
        "Dans un tableur, que désigne B3 ?",
        "La cellule à l'intersection de la colonne B et de la ligne 3",
        [
            "La 3e cellule de la ligne B",
            "La colonne B de la feuille 3",
            "Le 3e bouton de la barre d'outils",
        ],
        "Une référence de cellule donne la colonne (lettre) puis la ligne (numéro).",
        en=En(
            "In a spreadsheet, what does B3 refer to?",
            "The cell where column B and row 3 cross",
            ["The 3rd cell of row B", "Column B of sheet 3", "The 3rd toolbar button"],
            "A cell reference gives the column (letter) then the row (number).",
        ),
    ),
    num(
        "1.3",
        "formulesTableur",
        3,
        "A1 contient 12, A2 contient 8 et A3 contient 5. Quelle valeur affiche la formule "
        "=A1+A2*A3 ?",
        ["52"],
        "Comme en mathématiques, la multiplication passe avant l'addition : 12 + 8 × 5 = 52.",
        en=En(
            "A1 holds 12, A2 holds 8 and A3 holds 5. What does the formula =A1+A2*A3 show?",
            feedback="As in maths, multiplication comes before addition: 12 + 8 × 5 = 52.",
        ),
    ),
    qcm(
        "1.3",
        "formulesTableur",
        4,
        "Quelles formules calculent la somme de A1, A2 et A3 ?",
        ["=SOMME(A1:A3)", "=A1+A2+A3"],
        ["=SOMME(A1;A3)", "=A1:A3"],
        "A1:A3 désigne la plage de A1 à A3 ; « A1;A3 » ne désigne que ces deux cellules.",
    ),
    qcu(
        "1.3",
        "formulesTableur",
        5,
        "La cellule C2 contient =B2*$E$1. On recopie la formule vers le bas, en C3. Que "
        "contient C3 ?",
        "=B3*$E$1",
        ["=B3*$E$2", "=B2*$E$1", "=C3*$F$1"],
        "La référence relative B2 devient B3 ; la référence absolue $E$1 reste fixe.",
        en=En(
            "Cell C2 holds =B2*$E$1. The formula is copied down into C3. What does C3 hold?",
            "=B3*$E$1",
            ["=B3*$E$2", "=B2*$E$1", "=C3*$F$1"],
            "The relative reference B2 becomes B3; the absolute reference $E$1 stays put.",
        ),
    ),
    qcu(
        "1.3",
        "formulesTableur",
        6,
        "La cellule B2 contient la note d'un élève. Quelle formule affiche « Admis » si la note "
        "est d'au moins 10, et « Ajourné » sinon ?",
        '=SI(B2>=10;"Admis";"Ajourné")',
        [
            '=SI(B2>10;"Admis";"Ajourné")',
            '=SI(B2>=10;"Ajourné";"Admis")',
            '=SI("Admis";B2>=10;"Ajourné")',
        ],
        "SI(condition ; valeur si vrai ; valeur si faux). « Au moins 10 » s'écrit >=10.",
    ),
    num(
        "1.3",
        "fonctionsTableur",
        4,
        'Les cellules A1 à A5 contiennent 4, 9, 15, 2 et 10. Que renvoie =NB.SI(A1:A5;">5") ?',
        ["3"],
        "NB.SI compte les cellules qui respectent le critère : 9, 15 et 10 sont supérieurs à 5.",
    ),
    num(
        "1.3",
        "fonctionsTableur",
        6,
        "A1 à A4 contiennent pomme, poire, pomme, kiwi et B1 à B4 contiennent 3, 5, 4, 2. Que "
        'renvoie =SOMME.SI(A1:A4;"pomme";B1:B4) ?',
        ["7"],
        "SOMME.SI additionne les valeurs de B dont la ligne contient « pomme » en A : 3 + 4 = 7.",
        focused=True,
    ),
    qcu(
        "1.3",
        "fonctionsTableur",
        5,
        "Quelle fonction cherche une valeur dans la première colonne d'un tableau et renvoie la "
        "valeur d'une autre colonne de la même ligne ?",
        "RECHERCHEV",
        ["SOMME.SI", "CONCATENER", "ARRONDI"],
        "RECHERCHEV (VLOOKUP en anglais) retrouve une ligne d'après sa première colonne.",
    ),
    qroc(
        "1.3",
        "fonctionsTableur",
        3,
        "Écrivez la formule qui calcule la moyenne des cellules B2 à B9.",
        ["=MOYENNE(B2:B9)", "=AVERAGE(B2:B9)"],
        "=MOYENNE(B2:B9) : la fonction, puis la plage entre parenthèses.",
        treatments=EXACT,
        label="Formule",
    ),
    qcu(
        "1.3",
        "trierFiltrer",
        2,
        "Vous voulez classer une liste d'élèves de la meilleure note à la moins bonne. Que "
        "faites-vous ?",
        "Un tri décroissant sur la colonne des notes",
        [
            "Un tri croissant sur la colonne des noms",
            "Une fusion de cellules",
            "Une mise en gras des notes",
        ],
        "Décroissant : du plus grand au plus petit. Triez la colonne qui porte le critère.",
    ),
    qcu(
        "1.3",
        "trierFiltrer",
        3,
        "Dans un tableau de 500 lignes, vous voulez n'afficher que les élèves de 2de B, sans "
        "supprimer les autres lignes. Que faites-vous ?",
        "J'applique un filtre sur la colonne Classe",
        ["Je supprime les autres lignes", "Je trie par nom", "Je masque la colonne Classe"],
        "Le filtre masque temporairement les lignes qui ne correspondent pas ; rien n'est perdu.",
    ),
    num(
        "1.3",
        "trierFiltrer",
        4,
        "Ouvrez notes-classe.csv avec un tableur. Combien d'élèves ont au moins 12 en anglais ?",
        [str(ENGLISH_AT_LEAST_12)],
        "Un filtre sur la colonne Anglais (supérieur ou égal à 12) ou la fonction NB.SI "
        "donnent la réponse sans recompter à la main.",
        attachments=[MARKS_FILE],
    ),
    num(
        "1.3",
        "trierFiltrer",
        5,
        "Ouvrez notes-classe.csv avec un tableur. Quelle est la moyenne de la classe en "
        "mathématiques, arrondie au dixième ?",
        [_decimal_text(MATHS_MEAN.quantize(Decimal("0.1"))), _decimal_text(MATHS_MEAN)],
        "=MOYENNE sur la colonne Mathématiques donne "
        f"{_decimal_text(MATHS_MEAN)}, soit {_decimal_text(MATHS_MEAN.quantize(Decimal('0.1')))} "
        "arrondi au dixième.",
        attachments=[MARKS_FILE],
    ),
    qcu(
        "1.3",
        "lireGraphique",
        1,
        "Le graphique montre le nombre de connexions à l'ENT du lycée chaque jour d'une semaine. "
        "Quel jour en a compté le plus ?",
        BEST_DAY,
        [d for d in CHART_DAY_NAMES if d != BEST_DAY][:3],
        "La barre la plus haute est celle du jeudi.",
        image=(CHART_FILE, CHART_ALT),
    ),
    num(
        "1.3",
        "lireGraphique",
        2,
        "D'après le graphique des connexions à l'ENT, combien de connexions y a-t-il eu le "
        "mercredi ?",
        [str(CHART_VALUES[2])],
        "La barre du mercredi s'arrête entre les graduations 50 et 100, au milieu : 90.",
        image=(CHART_FILE, CHART_ALT),
    ),
    num(
        "1.3",
        "lireGraphique",
        4,
        "D'après le graphique des connexions à l'ENT, combien de connexions y a-t-il eu en tout "
        "du lundi au vendredi ?",
        [str(sum(CHART_VALUES))],
        "On lit chaque barre puis on additionne : " + " + ".join(map(str, CHART_VALUES)) + ".",
        image=(CHART_FILE, CHART_ALT),
    ),
    qcu(
        "1.3",
        "choisirGraphique",
        3,
        "Quel graphique montre le mieux la répartition des élèves d'un lycée entre les options, "
        "en parts du total ?",
        "Un diagramme circulaire",
        ["Une courbe", "Un nuage de points", "Un tableau sans graphique"],
        "Le diagramme circulaire montre des parts d'un tout ; la courbe montre une évolution.",
    ),
    qcu(
        "1.3",
        "choisirGraphique",
        4,
        "Pour montrer l'évolution de la température jour après jour pendant un mois, quel "
        "graphique choisir ?",
        "Une courbe",
        [
            "Un diagramme circulaire",
            "Un histogramme empilé à une seule barre",
            "Une carte de France",
        ],
        "Une courbe relie des valeurs dans le temps et fait voir les hausses et les baisses.",
    ),
    num(
        "1.3",
        "tableurFichier",
        2,
        "Ouvrez budget-sortie.ods. Quel est le coût total de la sortie, en euros (cellule D6) ?",
        [str(BUDGET_TOTAL)],
        "Le total est calculé en D6 par une somme des lignes 2 à 5.",
        attachments=[BUDGET_FILE],
    ),
    qroc(
        "1.3",
        "tableurFichier",
        3,
        "Ouvrez budget-sortie.ods. Quelle formule contient la cellule D3 ? Écrivez-la comme dans "
        "la barre de formule, en commençant par =.",
        ["=B3*C3", "=C3*B3"],
        "Le total d'une ligne est la quantité multipliée par le prix unitaire : =B3*C3.",
        treatments=EXACT,
        label="Formule",
        attachments=[BUDGET_FILE],
    ),
    ind(
        "1.3",
        "tableurFichier",
        6,
        f"Ouvrez budget-sortie.ods. Le prix du car passe de {BUDGET_LINES[0][2]} € à "
        f"{NEW_BUS_PRICE} €. Quels seront le nouveau total (D6) et le nouveau coût par élève "
        "(D7), arrondi au centime ?",
        [
            ("total", "Nouveau total (€)", [str(NEW_TOTAL)]),
            ("parEleve", "Nouveau coût par élève (€)", [_decimal_text(NEW_SHARE)]),
        ],
        f"Modifiez C2 : le tableur recalcule D2, D6 = {NEW_TOTAL} et D7 = {NEW_TOTAL} ÷ "
        f"{BUDGET_PUPILS} ≈ {_decimal_text(NEW_SHARE)}. Avant : {BUDGET_TOTAL} € et "
        f"{_decimal_text(budget_share())} € par élève.",
        treatments=NO_TYPOS,
        attachments=[BUDGET_FILE],
    ),
    dep(
        "1.3",
        "tableurFichier",
        5,
        "Ouvrez notes-classe.csv. Donnez les prénoms des deux élèves qui ont les meilleures notes "
        "en français (dans n'importe quel ordre).",
        ["Premier prénom", "Second prénom"],
        [
            first
            for _, first, marks in sorted(MARKS, key=lambda row: mark(row[2][1]), reverse=True)[:2]
        ],
        "Un tri décroissant sur la colonne Français met ces deux élèves en tête.",
        attachments=[MARKS_FILE],
    ),
]

ITEMS = ITEMS_1_1 + ITEMS_1_2 + ITEMS_1_3
