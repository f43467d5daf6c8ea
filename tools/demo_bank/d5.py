"""Domain 5, Environnement numérique: 5.1 solve technical problems, 5.2 build a digital
environment."""

from __future__ import annotations

from demo_bank.attachments import LOG, LOG_FILE, LOG_WIFI_ADDRESS
from demo_bank.kit import EXACT, NO_TYPOS, En, dep, ind, num, qcm, qcu, qroc

LOG_ERRORS = sum(" ERREUR " in line for line in LOG.splitlines())

ITEMS_5_1 = [
    qcu(
        "5.1",
        "premiersGestes",
        1,
        "Votre ordinateur n'affiche rien alors que son voyant est allumé. Que vérifiez-vous "
        "d'abord ?",
        "Que l'écran est allumé et bien branché",
        ["Que l'antivirus est à jour", "Que la souris a des piles", "Que le Wi-Fi fonctionne"],
        "Commencez par le plus simple : alimentation et câble de l'écran.",
        en=En(
            "Your computer shows nothing although its light is on. What do you check first?",
            "That the screen is on and properly plugged in",
            [
                "That the antivirus is up to date",
                "That the mouse has batteries",
                "That the Wi-Fi works",
            ],
            "Start with the simplest: the screen's power and cable.",
        ),
    ),
    qcu(
        "5.1",
        "premiersGestes",
        1,
        "Une application ne répond plus. Quelle est la première action raisonnable ?",
        "Attendre un peu, puis la fermer et la relancer",
        [
            "Débrancher l'ordinateur de la prise",
            "Réinstaller tout le système",
            "Taper sur le clavier le plus vite possible",
        ],
        "Forcer la fermeture d'une seule application suffit le plus souvent.",
    ),
    qcu(
        "5.1",
        "premiersGestes",
        2,
        "Le son ne sort plus des haut-parleurs. Que vérifiez-vous en premier ?",
        "Que le son n'est pas coupé et que le bon périphérique de sortie est choisi",
        ["Que l'imprimante est allumée", "Que le disque n'est pas plein", "Que l'écran est propre"],
        "Un casque branché ou une sortie HDMI peut avoir pris le son.",
    ),
    qcu(
        "5.1",
        "premiersGestes",
        2,
        "Le clavier sans fil ne répond plus. Quelle est la cause la plus probable ?",
        "Les piles sont vides ou le récepteur USB est débranché",
        [
            "Le système d'exploitation est trop récent",
            "Le réseau Wi-Fi est saturé",
            "L'écran est en veille",
        ],
        "Pour un périphérique sans fil, vérifiez d'abord l'énergie et la liaison.",
    ),
    qcu(
        "5.1",
        "premiersGestes",
        3,
        "Pourquoi redémarrer l'ordinateur règle-t-il souvent un problème ?",
        "Cela vide la mémoire vive et relance proprement le système et les programmes",
        [
            "Cela installe un nouvel antivirus",
            "Cela efface les fichiers inutiles du disque",
            "Cela change la connexion Internet",
        ],
        "Beaucoup de problèmes viennent d'un état anormal en mémoire, qui disparaît au "
        "redémarrage.",
    ),
    qcm(
        "5.1",
        "premiersGestes",
        3,
        "Avant de demander de l'aide au service informatique, quelles informations est-il utile "
        "de noter ?",
        ["Le message d'erreur exact", "Ce que vous faisiez juste avant le problème"],
        ["La couleur de l'ordinateur", "Le nom de votre navigateur préféré"],
        "Une capture d'écran du message aide beaucoup à trouver la cause.",
    ),
    num(
        "5.1",
        "journalPoste",
        2,
        "Ouvrez journal-poste.txt. Combien de lignes signalent une erreur (niveau ERREUR) ?",
        [str(LOG_ERRORS)],
        "Un journal classe les messages par gravité : INFO, AVERT (avertissement), ERREUR.",
        attachments=[LOG_FILE],
    ),
    qcu(
        "5.1",
        "journalPoste",
        3,
        "Ouvrez journal-poste.txt. Pourquoi la mise à jour du navigateur a-t-elle échoué ?",
        "Le disque C: était presque plein",
        ["Le réseau était coupé", "L'imprimante n'avait plus de papier", "Le poste était éteint"],
        "L'avertissement de 08:02 (disque à 94 %) annonçait l'erreur de 08:31.",
        attachments=[LOG_FILE],
    ),
    qcu(
        "5.1",
        "journalPoste",
        3,
        "D'après journal-poste.txt, que faut-il faire pour que l'impression de devoir-maths.pdf "
        "réussisse ?",
        "Remettre du papier dans le bac 2 de l'imprimante",
        [
            "Rebrancher le câble réseau du poste",
            "Libérer de l'espace sur le disque C:",
            "Mettre à jour le navigateur",
        ],
        "Le journal indique « bac 2 vide » puis « papier absent, bac 2 ».",
        attachments=[LOG_FILE],
    ),
    qroc(
        "5.1",
        "journalPoste",
        4,
        "D'après journal-poste.txt, quelle est l'adresse IP du poste après son passage en Wi-Fi ?",
        [LOG_WIFI_ADDRESS],
        f"La dernière ligne du journal donne la nouvelle adresse : {LOG_WIFI_ADDRESS}.",
        treatments=EXACT,
        label="Adresse IP",
        attachments=[LOG_FILE],
    ),
    ind(
        "5.1",
        "journalPoste",
        5,
        "D'après journal-poste.txt, à quelle heure le câble réseau a-t-il été débranché, et à "
        "quel réseau Wi-Fi le poste s'est-il connecté ensuite ?",
        [
            ("heure", "Heure (hh:mm)", ["10:02", "10:02:09", "10h02"]),
            ("reseau", "Nom du réseau Wi-Fi", ["SALLE12", "Wi-Fi SALLE12"]),
        ],
        "10:02:09 : câble débranché ; 10:02:10 : connexion au Wi-Fi SALLE12, une seconde plus "
        "tard.",
        treatments=NO_TYPOS,
        attachments=[LOG_FILE],
    ),
    qcu(
        "5.1",
        "diagnosticReseau",
        4,
        "Le Wi-Fi est connecté mais aucune page web ne s'ouvre. Quelle vérification est utile ?",
        "Essayer un autre site et un autre appareil, pour savoir si la panne vient du poste ou "
        "du réseau",
        ["Changer le fond d'écran", "Vider la corbeille", "Augmenter le volume"],
        "Isoler la cause (un site, un appareil, tout le réseau) guide la suite du dépannage.",
    ),
    qcu(
        "5.1",
        "diagnosticReseau",
        5,
        "Une imprimante réseau n'imprime plus pour personne dans la salle. Où est probablement "
        "le problème ?",
        "Du côté de l'imprimante ou du réseau, pas de chaque poste",
        [
            "Sur chaque poste, un par un",
            "Dans le traitement de texte de chacun",
            "Dans les documents à imprimer",
        ],
        "Quand tout le monde a la même panne, la cause est commune : cherchez-la là.",
    ),
    num(
        "5.1",
        "diagnosticReseau",
        6,
        "Votre connexion affiche un débit de 8 Mbit/s. Combien de secondes faut-il environ pour "
        "télécharger un fichier de 10 Mo (1 octet = 8 bits) ?",
        ["10"],
        "10 Mo = 80 Mbit ; 80 ÷ 8 = 10 secondes. Les débits sont en bits, les tailles en octets.",
        focused=True,
    ),
    qcu(
        "5.1",
        "diagnosticReseau",
        6,
        "Un poste affiche une adresse IP commençant par 169.254. Que signifie en général ce "
        "type d'adresse ?",
        "Le poste n'a pas obtenu d'adresse du réseau (serveur DHCP) : il n'est pas vraiment "
        "connecté",
        [
            "Le poste est connecté en fibre optique",
            "Le poste est le serveur du réseau",
            "Le poste est protégé par un antivirus",
        ],
        "Le système s'attribue seul cette adresse quand personne ne lui en donne : vérifiez le "
        "câble ou le Wi-Fi.",
    ),
    qcu(
        "5.1",
        "diagnosticReseau",
        5,
        "Une clé USB n'apparaît pas sur un poste mais fonctionne sur un autre. Qu'en "
        "déduisez-vous ?",
        "Le problème vient probablement du port ou du poste, pas de la clé",
        ["La clé est forcément infectée", "La clé est vide", "La clé est en lecture seule"],
        "Comparer avec un autre poste permet d'isoler l'élément en cause.",
    ),
    qcu(
        "5.1",
        "maintenance",
        4,
        "Sous Windows, quel raccourci ouvre le Gestionnaire des tâches pour fermer une "
        "application bloquée ?",
        "Ctrl + Maj + Échap",
        ["Ctrl + C", "Alt + Tab", "Windows + L"],
        "Ctrl + Maj + Échap ouvre directement le Gestionnaire des tâches.",
        timer=40,
        en=En(
            "On Windows, which shortcut opens the Task Manager to close a frozen application?",
            "Ctrl + Shift + Esc",
            ["Ctrl + C", "Alt + Tab", "Windows + L"],
            "Ctrl + Shift + Esc opens the Task Manager directly.",
        ),
    ),
    qcm(
        "5.1",
        "maintenance",
        3,
        "Votre ordinateur est devenu très lent. Que vérifiez-vous d'abord ?",
        ["Le nombre de programmes ouverts", "L'espace libre sur le disque"],
        ["La couleur du fond d'écran", "La marque du clavier"],
        "Le Gestionnaire des tâches montre ce qui occupe le processeur et la mémoire.",
    ),
    qcu(
        "5.1",
        "maintenance",
        2,
        "Un message indique « Espace disque insuffisant ». Que faites-vous ?",
        "Je supprime ou déplace des fichiers volumineux inutiles, puis je vide la corbeille",
        ["J'achète un nouvel écran", "Je change de mot de passe", "Je baisse la luminosité"],
        "Les fichiers restent sur le disque tant que la corbeille n'est pas vidée.",
    ),
    qcu(
        "5.1",
        "maintenance",
        5,
        "Un site s'affiche mal dans un navigateur mais correctement dans un autre. Que pouvez-vous "
        "essayer ?",
        "Vider le cache et les cookies de ce site, ou mettre à jour le navigateur",
        ["Redémarrer l'imprimante", "Changer de compte sur l'ordinateur", "Réinstaller le système"],
        "Des fichiers mis en cache périmés provoquent souvent des affichages incorrects.",
    ),
    qcu(
        "5.1",
        "maintenance",
        6,
        "Une mise à jour vient de rendre un logiciel instable. Quelle solution existe souvent ?",
        "Revenir à la version précédente ou à un point de restauration",
        [
            "Supprimer tous ses fichiers personnels",
            "Désinstaller le navigateur",
            "Changer de clavier",
        ],
        "Signalez aussi le problème à l'éditeur, qui corrigera la version suivante.",
    ),
    qcu(
        "5.1",
        "maintenance",
        4,
        "Le vidéoprojecteur n'affiche pas l'écran de l'ordinateur. Quel réglage essayer ?",
        "Choisir le mode d'affichage « Dupliquer » (touche Windows + P sous Windows)",
        ["Augmenter le volume", "Fermer toutes les fenêtres", "Changer de mot de passe"],
        "L'ordinateur doit envoyer l'image sur la seconde sortie : dupliquer ou étendre.",
    ),
]

ITEMS_5_2 = [
    qcu(
        "5.2",
        "systemeLogiciels",
        1,
        "Lequel de ces logiciels est un navigateur web ?",
        "Firefox",
        ["Windows", "Writer", "Calc"],
        "Firefox, Chrome, Edge ou Safari servent à afficher des pages web.",
        en=En(
            "Which of these programs is a web browser?",
            "Firefox",
            ["Windows", "Writer", "Calc"],
            "Firefox, Chrome, Edge or Safari display web pages.",
        ),
    ),
    qcu(
        "5.2",
        "systemeLogiciels",
        2,
        "Quel est le rôle d'un système d'exploitation (Windows, macOS, Linux, Android…) ?",
        "Gérer le matériel et permettre de lancer les logiciels",
        ["Protéger uniquement contre les virus", "Afficher les pages web", "Écrire des lettres"],
        "Il fait le lien entre le matériel, les logiciels et l'utilisateur.",
    ),
    qcm(
        "5.2",
        "systemeLogiciels",
        3,
        "Lesquels de ces logiciels sont des systèmes d'exploitation ?",
        ["Linux", "Android", "Windows"],
        ["Firefox", "LibreOffice"],
        "Firefox est un navigateur et LibreOffice une suite bureautique : ils fonctionnent sur "
        "un système d'exploitation.",
        en=En(
            "Which of these are operating systems?",
            ["Linux", "Android", "Windows"],
            ["Firefox", "LibreOffice"],
            "Firefox is a browser and LibreOffice an office suite: they run on an operating "
            "system.",
        ),
    ),
    dep(
        "5.2",
        "systemeLogiciels",
        2,
        "Citez deux systèmes d'exploitation, pour ordinateur ou pour téléphone.",
        ["Premier système", "Second système"],
        ["Windows", "macOS", "Linux", "Android", "iOS", "ChromeOS", "Ubuntu", "Debian"],
        "Windows, macOS et Linux (Ubuntu, Debian…) pour les ordinateurs ; Android et iOS pour "
        "les téléphones.",
        expected=2,
    ),
    qcu(
        "5.2",
        "installerLogiciels",
        3,
        "Qu'est-ce qu'un logiciel libre ?",
        "Un logiciel qu'on peut utiliser, étudier, modifier et redistribuer librement",
        [
            "Un logiciel sans aucune licence",
            "Un logiciel d'essai limité à 30 jours",
            "Un logiciel piraté",
        ],
        "Libre ne veut pas dire sans licence : c'est la licence qui garantit ces libertés.",
    ),
    qcu(
        "5.2",
        "installerLogiciels",
        3,
        "Pour ouvrir des fichiers .odt sans acheter de logiciel, que pouvez-vous installer ?",
        "LibreOffice",
        ["Photoshop", "VLC", "7-Zip"],
        "LibreOffice est une suite bureautique libre qui utilise les formats OpenDocument.",
    ),
    qcu(
        "5.2",
        "installerLogiciels",
        2,
        "Où télécharger un logiciel en toute sécurité ?",
        "Sur le site officiel de l'éditeur ou dans le magasin d'applications du système",
        [
            "Sur un site qui offre gratuitement un logiciel payant",
            "Dans une pièce jointe reçue d'un inconnu",
            "Sur le premier lien publicitaire venu",
        ],
        "Les copies « gratuites » de logiciels payants cachent souvent des logiciels malveillants.",
    ),
    qcu(
        "5.2",
        "installerLogiciels",
        4,
        "Vous voulez que les fichiers PDF s'ouvrent toujours avec un autre logiciel. Que "
        "modifiez-vous ?",
        "L'application par défaut pour ce type de fichier",
        ["L'extension de chaque fichier", "Le nom de chaque fichier", "Le fond d'écran"],
        "Le système associe chaque type de fichier à une application, modifiable dans les "
        "paramètres.",
    ),
    qcu(
        "5.2",
        "systemeLogiciels",
        4,
        "Quelle différence y a-t-il entre un logiciel installé et une application web ?",
        "L'application web s'utilise dans le navigateur sans installation ; le logiciel installé "
        "tourne sur la machine, même hors ligne",
        [
            "Aucune",
            "L'application web est toujours payante",
            "Le logiciel installé ne peut pas enregistrer de fichiers",
        ],
        "Une application web dépend en général de la connexion et du serveur qui l'héberge.",
    ),
    qcu(
        "5.2",
        "installerLogiciels",
        5,
        "Qu'est-ce qu'un pilote (driver) ?",
        "Un logiciel qui permet au système de communiquer avec un matériel",
        ["Un jeu de course", "La personne qui gère le réseau", "Un câble d'alimentation"],
        "Sans le bon pilote, une imprimante ou une carte graphique fonctionne mal ou pas du tout.",
    ),
    qcu(
        "5.2",
        "systemeLogiciels",
        6,
        "Qu'est-ce qu'une machine virtuelle ?",
        "Un ordinateur simulé par un logiciel, avec son propre système, sur une machine réelle",
        ["Un ordinateur en panne", "Un jeu en réalité virtuelle", "Un ordinateur sans écran"],
        "Elle permet d'essayer un autre système sans toucher à celui de l'ordinateur.",
    ),
    qcu(
        "5.2",
        "materiel",
        1,
        "Quel câble transmet l'image d'un ordinateur vers un écran ?",
        "Un câble HDMI",
        ["Un câble réseau (RJ45)", "Un câble d'alimentation", "Un câble audio jack"],
        "HDMI (ou DisplayPort, ou USB-C selon les appareils) transporte l'image et souvent le son.",
        en=En(
            "Which cable carries the picture from a computer to a screen?",
            "An HDMI cable",
            ["A network cable (RJ45)", "A power cable", "An audio jack cable"],
            "HDMI (or DisplayPort, or USB-C on some devices) carries the picture and often the "
            "sound.",
        ),
    ),
    qcu(
        "5.2",
        "materiel",
        2,
        "Lequel de ces appareils est un périphérique d'entrée ?",
        "Le clavier",
        ["L'imprimante", "Les haut-parleurs", "Le vidéoprojecteur"],
        "Un périphérique d'entrée envoie des informations à l'ordinateur ; la sortie en reçoit.",
        en=En(
            "Which of these devices is an input device?",
            "The keyboard",
            ["The printer", "The speakers", "The projector"],
            "An input device sends information to the computer; an output device receives it.",
        ),
    ),
    qcu(
        "5.2",
        "materiel",
        3,
        "Quelle est la différence entre la mémoire vive (RAM) et le stockage (disque) ?",
        "La RAM garde temporairement ce qui est en cours et se vide à l'extinction ; le disque "
        "conserve les fichiers",
        [
            "Aucune",
            "Le disque se vide à l'extinction",
            "La RAM sert seulement à stocker les photos",
        ],
        "C'est pour cela qu'un travail non enregistré est perdu lors d'une coupure.",
    ),
    qcu(
        "5.2",
        "materiel",
        3,
        "Quel composant exécute les instructions des programmes ?",
        "Le processeur (CPU)",
        ["La carte son", "L'alimentation", "Le ventilateur"],
        "Le processeur calcule ; la mémoire et le disque gardent les données.",
        en=En(
            "Which component executes the programs' instructions?",
            "The processor (CPU)",
            ["The sound card", "The power supply", "The fan"],
            "The processor computes; memory and disk hold the data.",
        ),
    ),
    ind(
        "5.2",
        "materiel",
        4,
        "La fiche d'un ordinateur portable indique : « Processeur 4 cœurs, 16 Go de RAM, SSD "
        "512 Go ». Donnez, en Go…",
        [
            ("stockage", "…sa capacité de stockage", ["512", "512 Go"]),
            ("ram", "…sa mémoire vive", ["16", "16 Go"]),
        ],
        "Le SSD est le stockage (512 Go) ; la RAM est la mémoire vive (16 Go).",
        treatments=NO_TYPOS,
        en=En(
            "A laptop's specification reads: “4-core processor, 16 GB RAM, 512 GB SSD”. Give, "
            "in GB…",
            labels=["…its storage capacity", "…its memory (RAM)"],
            feedback="The SSD is the storage (512 GB); the RAM is the working memory (16 GB).",
        ),
    ),
    num(
        "5.2",
        "materiel",
        4,
        "Un ordinateur a 8 Go de mémoire vive. Combien de mégaoctets cela fait-il, avec "
        "1 Go = 1 024 Mo ?",
        ["8192"],
        "8 × 1 024 = 8 192 Mo.",
        timer=60,
    ),
    qcu(
        "5.2",
        "reseauCloud",
        2,
        "Quel type de connexion sans fil relie de près un casque audio à un téléphone ?",
        "Bluetooth",
        ["Ethernet", "HDMI", "VGA"],
        "Le Bluetooth relie des appareils proches sans fil ; Ethernet, HDMI et VGA sont des "
        "câbles.",
        en=En(
            "Which short-range wireless link connects headphones to a phone?",
            "Bluetooth",
            ["Ethernet", "HDMI", "VGA"],
            "Bluetooth links nearby devices wirelessly; Ethernet, HDMI and VGA are cables.",
        ),
    ),
    qcu(
        "5.2",
        "reseauCloud",
        3,
        "Qu'est-ce que le « cloud » (informatique en nuage) ?",
        "Des services et des espaces de stockage hébergés sur des serveurs distants, accessibles "
        "par Internet",
        ["Un logiciel de météo", "Une connexion sans fil", "Un disque dur externe"],
        "Vos fichiers sont sur les serveurs d'un prestataire : choisissez-le avec soin.",
    ),
    qcu(
        "5.2",
        "reseauCloud",
        4,
        "Qu'est-ce qu'une adresse IP ?",
        "Un numéro qui identifie un appareil sur un réseau",
        [
            "Le mot de passe du Wi-Fi",
            "L'adresse électronique de l'utilisateur",
            "Le nom de l'ordinateur",
        ],
        "Par exemple 192.168.1.20 sur un réseau local.",
    ),
    qcu(
        "5.2",
        "reseauCloud",
        6,
        "À quoi sert un serveur DNS ?",
        "À traduire un nom de domaine (exemple.fr) en adresse IP",
        ["À stocker les courriels", "À bloquer les publicités", "À accélérer le processeur"],
        "C'est l'annuaire d'Internet : on retient des noms, les machines utilisent des numéros.",
    ),
    qcu(
        "5.2",
        "reseauCloud",
        5,
        "Vous vous connectez à votre compte de navigateur (favoris, mots de passe) sur un "
        "ordinateur partagé du CDI. Quel est le risque ?",
        "Les utilisateurs suivants accèdent à vos données si vous ne vous déconnectez pas",
        [
            "Aucun, le CDI est un lieu sûr",
            "L'ordinateur devient plus lent",
            "Vos favoris sont supprimés",
        ],
        "Déconnectez-vous toujours et supprimez le profil sur un poste partagé.",
    ),
]

ITEMS = ITEMS_5_1 + ITEMS_5_2
