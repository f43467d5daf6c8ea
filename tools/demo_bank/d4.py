"""Domain 4, Protection et sécurité: 4.1 secure the environment, 4.2 personal data and privacy,
4.3 health, well-being and environment."""

from __future__ import annotations

from demo_bank.attachments import MAIL_FILE, MAIL_LINK_DOMAIN
from demo_bank.kit import NO_TYPOS, En, ind, num, qcm, qcu, qroc

ITEMS_4_1 = [
    qcu(
        "4.1",
        "motDePasse",
        1,
        "Lequel de ces mots de passe est le plus sûr ?",
        "Trompette!Violet#Lune7",
        ["123456", "motdepasse", "lucas2009"],
        "Un mot de passe long, sans lien avec vous, mêlant lettres, chiffres et symboles, "
        "résiste bien mieux aux tentatives.",
        en=En(
            "Which of these passwords is the safest?",
            "Trumpet!Violet#Moon7",
            ["123456", "password", "lucas2009"],
            "A long password, unrelated to you, mixing letters, digits and symbols, resists "
            "guessing far better.",
        ),
    ),
    qcu(
        "4.1",
        "motDePasse",
        2,
        "Faut-il utiliser le même mot de passe pour tous ses comptes ?",
        "Non : si un site est piraté, tous les comptes deviennent vulnérables",
        [
            "Oui, c'est plus facile à retenir",
            "Oui, si le mot de passe est long",
            "Non, mais seulement pour les comptes payants",
        ],
        "Des pirates essaient les mots de passe volés sur d'autres sites : un mot de passe "
        "par compte.",
    ),
    qcu(
        "4.1",
        "hameconnage",
        2,
        "Une personne se présente comme technicien et vous demande votre mot de passe de l'ENT. "
        "Que faites-vous ?",
        "Je refuse : personne n'a besoin de mon mot de passe",
        [
            "Je le donne, c'est un technicien",
            "Je le donne par courriel seulement",
            "Je donne la moitié du mot de passe",
        ],
        "Un vrai service informatique ne demande jamais votre mot de passe.",
    ),
    qcu(
        "4.1",
        "motDePasse",
        4,
        "À quoi sert un gestionnaire de mots de passe ?",
        "À créer et retenir des mots de passe longs et différents, protégés par un mot de passe "
        "principal",
        [
            "À partager ses mots de passe avec ses amis",
            "À se passer de mot de passe sur tous les sites",
            "À deviner les mots de passe oubliés des autres",
        ],
        "Vous ne retenez qu'un mot de passe principal, solide ; le gestionnaire fait le reste.",
    ),
    num(
        "4.1",
        "combinaisons",
        4,
        "Un code PIN comporte 4 chiffres, chacun de 0 à 9. Combien de codes différents sont "
        "possibles ?",
        ["10000"],
        "10 × 10 × 10 × 10 = 10 000 codes (de 0000 à 9999).",
        en=En(
            "A PIN has 4 digits, each from 0 to 9. How many different PINs are possible?",
            feedback="10 × 10 × 10 × 10 = 10,000 codes (from 0000 to 9999).",
        ),
    ),
    qcu(
        "4.1",
        "motDePasse",
        5,
        "Pourquoi une phrase de passe de 5 mots est-elle souvent plus sûre qu'un mot de passe "
        "de 8 caractères compliqué ?",
        "Le nombre de combinaisons à essayer augmente très vite avec la longueur",
        [
            "Les mots du dictionnaire sont interdits aux pirates",
            "Les espaces bloquent les logiciels de piratage",
            "Elle est chiffrée automatiquement",
        ],
        "Chaque caractère ou mot supplémentaire multiplie le travail de l'attaquant.",
    ),
    num(
        "4.1",
        "combinaisons",
        6,
        "Un mot de passe est fait de lettres minuscules (26 possibilités chacune). Combien de "
        "fois plus de combinaisons y a-t-il avec 8 lettres qu'avec 7 ?",
        ["26"],
        "Ajouter une lettre multiplie le nombre de combinaisons par 26.",
        timer=60,
        focused=True,
    ),
    qcu(
        "4.1",
        "hameconnage",
        2,
        "Ouvrez le fichier courriel-suspect.txt. Que devez-vous faire de ce message ?",
        "Ne pas cliquer, ne rien saisir et le signaler",
        [
            "Cliquer vite pour ne pas perdre mon compte",
            "Répondre en donnant mon mot de passe",
            "Le transférer à toute la classe",
        ],
        "Face à un message suspect : on ne clique pas, on ne répond pas, on le signale (à "
        "l'établissement, ou sur signal-spam.fr).",
        attachments=[MAIL_FILE],
    ),
    qcm(
        "4.1",
        "hameconnage",
        3,
        "Ouvrez le fichier courriel-suspect.txt. Quels indices montrent qu'il s'agit d'une "
        "tentative d'hameçonnage ?",
        [
            "Un ton alarmiste et un délai très court",
            "La demande de saisir son mot de passe",
            "Un lien vers un domaine qui n'est pas celui de l'établissement",
        ],
        ["Le message commence par « Bonjour »", "Le message est écrit en français"],
        "Urgence, demande d'identifiants et lien trompeur sont les signes classiques de "
        "l'hameçonnage.",
        attachments=[MAIL_FILE],
    ),
    qroc(
        "4.1",
        "hameconnage",
        5,
        "Ouvrez le fichier courriel-suspect.txt. Vers quel nom de domaine le lien mène-t-il "
        "réellement ?",
        [MAIL_LINK_DOMAIN, f"ent-lycee.{MAIL_LINK_DOMAIN}"],
        f"Le domaine est la fin de l'adresse avant le premier « / » : {MAIL_LINK_DOMAIN}. "
        "« ent-lycee » n'est qu'un sous-domaine choisi pour tromper.",
        treatments=NO_TYPOS,
        attachments=[MAIL_FILE],
    ),
    qcu(
        "4.1",
        "hameconnage",
        4,
        "Pour un message de votre banque « Banque Exemple », quelle adresse d'expéditeur est la "
        "plus suspecte ?",
        "securite@banque-exemple.verif-client.com",
        ["contact@banque-exemple.fr", "conseiller@banque-exemple.fr", "info@banque-exemple.fr"],
        "Le vrai domaine est verif-client.com : « banque-exemple » n'y est qu'un sous-domaine.",
    ),
    qcu(
        "4.1",
        "hameconnage",
        6,
        "Votre téléphone vous demande de valider une connexion à votre compte alors que vous "
        "n'essayez pas de vous connecter. Que faire ?",
        "Refuser, puis changer le mot de passe de ce compte",
        [
            "Accepter pour voir ce qui se passe",
            "Ignorer la demande et ne rien changer",
            "Désactiver la double authentification",
        ],
        "Quelqu'un connaît votre mot de passe : la double authentification vient de l'arrêter, "
        "changez-le.",
    ),
    qcu(
        "4.1",
        "protectionPoste",
        1,
        "Vous quittez un poste de la salle informatique. Que faites-vous ?",
        "Je me déconnecte de ma session",
        [
            "Je laisse ma session ouverte",
            "J'éteins seulement l'écran",
            "Je note mon mot de passe sur un post-it",
        ],
        "Une session ouverte permet à n'importe qui d'agir en votre nom.",
        en=En(
            "You leave a computer in the computer room. What do you do?",
            "I log out of my session",
            [
                "I leave my session open",
                "I only switch off the screen",
                "I write my password on a sticky note",
            ],
            "An open session lets anyone act in your name.",
        ),
    ),
    qcu(
        "4.1",
        "protectionPoste",
        2,
        "Pourquoi installer les mises à jour du système et des logiciels ?",
        "Elles corrigent des failles de sécurité",
        [
            "Elles suppriment à coup sûr tous les virus",
            "Elles accélèrent toujours l'ordinateur",
            "Elles ne changent que l'apparence",
        ],
        "Les failles connues sont exploitées vite : mettre à jour, c'est les refermer.",
    ),
    qcu(
        "4.1",
        "protectionPoste",
        3,
        "Vous trouvez une clé USB dans le couloir. Que faites-vous ?",
        "Je la remets à un adulte sans la brancher",
        [
            "Je la branche pour retrouver son propriétaire",
            "Je la branche sur l'ordinateur du CDI",
            "Je la garde pour moi",
        ],
        "Une clé inconnue peut contenir un logiciel malveillant qui s'exécute dès qu'on la "
        "branche.",
    ),
    qcu(
        "4.1",
        "protectionPoste",
        3,
        "Qu'est-ce que la double authentification ?",
        "Confirmer sa connexion avec un second élément, comme un code reçu sur son téléphone",
        [
            "Taper deux fois son mot de passe",
            "Avoir deux comptes sur le même site",
            "Se connecter sur deux ordinateurs",
        ],
        "Même si votre mot de passe est volé, il manque le second élément.",
    ),
    qcu(
        "4.1",
        "protectionPoste",
        3,
        "Que fait un antivirus ?",
        "Il détecte et bloque de nombreux logiciels malveillants, sans protéger de tout",
        [
            "Il protège à 100 % contre toutes les attaques",
            "Il rend inutiles les mises à jour",
            "Il accélère la connexion Internet",
        ],
        "L'antivirus est une protection parmi d'autres : prudence et mises à jour restent "
        "indispensables.",
    ),
    qcu(
        "4.1",
        "protectionPoste",
        6,
        "Pourquoi éviter d'utiliser un compte administrateur pour l'usage quotidien de son "
        "ordinateur ?",
        "Un logiciel malveillant lancé par erreur aurait alors tous les droits sur le système",
        [
            "Le compte administrateur est plus lent",
            "Il ne permet pas d'aller sur Internet",
            "Il efface les fichiers chaque soir",
        ],
        "Un compte standard limite les dégâts possibles ; on n'utilise l'administrateur que "
        "pour installer ou régler.",
    ),
    qcu(
        "4.1",
        "menaces",
        4,
        "Qu'est-ce qu'un rançongiciel ?",
        "Un logiciel malveillant qui chiffre vos fichiers et réclame une rançon",
        ["Un logiciel payant", "Un antivirus gratuit", "Une publicité en ligne"],
        "Des sauvegardes régulières, hors de l'ordinateur, permettent de récupérer ses fichiers "
        "sans payer.",
    ),
    qcu(
        "4.1",
        "menaces",
        4,
        "Que garantissent le cadenas et le « https:// » dans la barre d'adresse ?",
        "Que les échanges entre le navigateur et le site sont chiffrés",
        [
            "Que le site est honnête",
            "Que le site appartient à l'État",
            "Que le site n'a pas de publicité",
        ],
        "Un site d'hameçonnage peut aussi avoir un cadenas : vérifiez toujours le nom de domaine.",
        en=En(
            "What do the padlock and “https://” in the address bar guarantee?",
            "That exchanges between the browser and the site are encrypted",
            [
                "That the site is honest",
                "That the site belongs to the government",
                "That the site has no ads",
            ],
            "A phishing site can have a padlock too: always check the domain name.",
        ),
    ),
    qcu(
        "4.1",
        "menaces",
        5,
        "Qu'est-ce qu'un cheval de Troie ?",
        "Un programme d'apparence utile qui cache une fonction malveillante",
        ["Un pare-feu", "Un jeu vidéo historique", "Un câble réseau"],
        "Il s'installe avec l'accord de l'utilisateur, trompé par son apparence.",
    ),
    qcm(
        "4.1",
        "menaces",
        5,
        "Sur un Wi-Fi public sans mot de passe, quelles précautions sont utiles ?",
        [
            "Éviter les opérations sensibles (banque, achats)",
            "Vérifier que les sites utilisés sont en https",
        ],
        ["Désactiver l'antivirus pour aller plus vite", "Partager sa connexion avec les voisins"],
        "Sur un réseau ouvert, d'autres peuvent observer le trafic non chiffré.",
    ),
]

ITEMS_4_2 = [
    qcu(
        "4.2",
        "donneesPersonnelles",
        1,
        "Laquelle de ces informations est une donnée personnelle ?",
        "Mon adresse postale",
        ["La capitale de la France", "La date de la fête nationale", "Le prix d'un timbre"],
        "Une donnée personnelle permet d'identifier une personne, directement ou non.",
        en=En(
            "Which of these pieces of information is personal data?",
            "My home address",
            ["The capital of France", "The date of the national holiday", "The price of a stamp"],
            "Personal data identifies a person, directly or indirectly.",
        ),
    ),
    qcm(
        "4.2",
        "donneesPersonnelles",
        3,
        "Lesquelles de ces informations sont des données personnelles ?",
        ["Une photo de mon visage", "Mon numéro de téléphone", "L'adresse IP de ma box"],
        ["La météo de demain", "Le nom d'une ville"],
        "L'adresse IP aussi : croisée avec d'autres informations, elle permet de retrouver une "
        "personne.",
    ),
    qcu(
        "4.2",
        "donneesPersonnelles",
        1,
        "Est-il prudent d'annoncer publiquement sur un réseau social la date de votre départ en "
        "vacances ?",
        "Non : cela indique que votre logement sera vide",
        [
            "Oui, tout le monde le fait",
            "Oui, si la photo est belle",
            "Oui, les cambrioleurs ne vont pas sur Internet",
        ],
        "Racontez vos vacances au retour, et de préférence à vos proches seulement.",
    ),
    qcu(
        "4.2",
        "donneesPersonnelles",
        5,
        "Qu'est-ce qu'une donnée « sensible » au sens du RGPD ?",
        "Une donnée sur la santé, les opinions politiques ou religieuses, l'orientation sexuelle…",
        [
            "Une donnée sur un produit fragile",
            "Un mot de passe",
            "Une donnée stockée sur un téléphone",
        ],
        "Ces données sont interdites de traitement sauf exceptions strictes.",
    ),
    qcu(
        "4.2",
        "donneesPersonnelles",
        6,
        "Que signifie le principe de minimisation des données ?",
        "Ne collecter que les données strictement nécessaires au but poursuivi",
        [
            "Compresser les fichiers de données",
            "Effacer toutes les données chaque jour",
            "Stocker les données sur de petits supports",
        ],
        "Moins de données collectées, c'est moins de risques en cas de fuite.",
    ),
    qcu(
        "4.2",
        "donneesPersonnelles",
        6,
        "Qu'est-ce que la pseudonymisation de données ?",
        "Remplacer le nom par un code : les données restent personnelles, car on peut "
        "retrouver la personne",
        ["Une anonymisation définitive", "La suppression des données", "Le chiffrement du disque"],
        "Avec la table de correspondance, on peut réidentifier : ce n'est pas de l'anonymat.",
    ),
    qcu(
        "4.2",
        "rgpd",
        3,
        "Que signifie le sigle RGPD ?",
        "Règlement général sur la protection des données",
        [
            "Réseau général de partage de documents",
            "Registre global des pages déposées",
            "Règle de gestion des photos diffusées",
        ],
        "Ce règlement européen s'applique depuis 2018.",
    ),
    qroc(
        "4.2",
        "rgpd",
        3,
        "Quelle autorité française veille à la protection des données personnelles ? Donnez son "
        "sigle (4 lettres).",
        ["CNIL"],
        "La CNIL (Commission nationale de l'informatique et des libertés) conseille, contrôle "
        "et sanctionne.",
        treatments=NO_TYPOS,
        timer=45,
    ),
    qcm(
        "4.2",
        "rgpd",
        4,
        "Grâce au RGPD, que pouvez-vous demander à un organisme qui détient vos données ?",
        ["Y accéder", "Les faire corriger", "Les faire effacer"],
        ["Qu'il les revende à votre place", "Qu'il vous paie pour les garder"],
        "Droits d'accès, de rectification, d'effacement, d'opposition… : l'organisme doit "
        "répondre en un mois.",
    ),
    num(
        "4.2",
        "rgpd",
        5,
        "En France, à partir de quel âge peut-on consentir seul à l'utilisation de ses données "
        "par un réseau social (majorité numérique fixée par la loi française) ?",
        ["15"],
        "Avant 15 ans, l'accord d'un parent est aussi demandé.",
        focused=True,
    ),
    ind(
        "4.2",
        "rgpd",
        5,
        "Comment s'appellent les droits du RGPD qui permettent…",
        [
            (
                "savoir",
                "…de savoir quelles données un organisme a sur vous ?",
                ["droit d'accès", "accès"],
            ),
            (
                "supprimer",
                "…de faire supprimer vos données ?",
                ["droit à l'effacement", "effacement", "droit à l'oubli", "oubli", "suppression"],
            ),
        ],
        "Le droit d'accès et le droit à l'effacement (dit droit à l'oubli) s'exercent auprès "
        "de l'organisme, puis de la CNIL en cas de refus.",
    ),
    qcu(
        "4.2",
        "confidentialite",
        2,
        "Une application de lampe de poche demande l'accès à vos contacts et à votre position. "
        "Que faites-vous ?",
        "Je refuse ces autorisations, inutiles pour une lampe",
        [
            "J'accepte tout pour que la lampe marche mieux",
            "Je lui donne aussi l'accès au micro",
            "J'accepte mais seulement la nuit",
        ],
        "N'accordez que les autorisations nécessaires au service rendu.",
    ),
    qcu(
        "4.2",
        "confidentialite",
        2,
        "Vous voulez que votre profil de réseau social ne soit visible que par vos amis. Que "
        "faites-vous ?",
        "Je règle la confidentialité du compte sur « privé »",
        ["Je change ma photo de profil", "Je publie moins souvent", "Je change de mot de passe"],
        "Vérifiez ces réglages régulièrement : ils changent parfois avec les mises à jour.",
    ),
    qcu(
        "4.2",
        "confidentialite",
        2,
        "Un camarade publie votre numéro de téléphone dans un groupe sans votre accord. Que "
        "pouvez-vous faire ?",
        "Lui demander de le retirer, et signaler la publication si besoin",
        ["Rien, c'est trop tard", "Publier son numéro à lui", "Changer de prénom"],
        "Publier les coordonnées de quelqu'un sans son accord est interdit ; la plateforme "
        "doit retirer la publication signalée.",
    ),
    qcu(
        "4.2",
        "maitriseTraces",
        3,
        "Pourquoi parcourir la politique de confidentialité d'une application avant de "
        "l'installer ?",
        "Pour savoir quelles données elle collecte, pourquoi, et avec qui elle les partage",
        [
            "Pour connaître son prix",
            "Pour savoir si elle a des bugs",
            "Pour trouver le mot de passe de l'éditeur",
        ],
        "Elle doit l'expliquer en termes clairs : c'est une obligation du RGPD.",
    ),
    qcu(
        "4.2",
        "confidentialite",
        4,
        "Vous publiez une photo prise chez vous avec la géolocalisation activée. Quel risque "
        "prenez-vous ?",
        "Les métadonnées de la photo peuvent révéler où vous habitez",
        ["La photo sera floue", "La photo prendra plus de place", "Aucun risque"],
        "Désactivez la géolocalisation de l'appareil photo ou retirez les métadonnées avant de "
        "publier.",
    ),
    qcu(
        "4.2",
        "maitriseTraces",
        5,
        "Que fait la navigation privée d'un navigateur ?",
        "Elle n'enregistre ni historique ni cookies sur l'appareil, mais les sites voient "
        "toujours la connexion",
        [
            "Elle rend totalement anonyme sur Internet",
            "Elle bloque tous les virus",
            "Elle cache l'adresse IP à tous les sites",
        ],
        "Elle protège des autres utilisateurs du même appareil, pas du réseau ni des sites.",
    ),
    qcu(
        "4.2",
        "maitriseTraces",
        5,
        "Une fuite de données expose l'adresse électronique et le mot de passe d'un service que "
        "vous utilisez. Quelle est la première chose à faire ?",
        "Changer ce mot de passe, et partout où il était réutilisé",
        [
            "Supprimer sa boîte aux lettres électronique",
            "Attendre de voir s'il se passe quelque chose",
            "Changer d'ordinateur",
        ],
        "Activez aussi la double authentification sur ce service.",
    ),
    qcu(
        "4.2",
        "traceurs",
        4,
        "Une bannière propose « Tout accepter » ou « Tout refuser » pour les cookies. Que se "
        "passe-t-il si vous refusez tout ?",
        "Les cookies non nécessaires sont refusés, et le site doit rester utilisable",
        [
            "Le site devient inaccessible",
            "Vos données sont effacées du site",
            "Votre compte est supprimé",
        ],
        "Refuser doit être aussi simple qu'accepter : seuls les cookies indispensables au "
        "fonctionnement restent.",
    ),
    qcu(
        "4.2",
        "traceurs",
        5,
        "Qu'est-ce que le profilage publicitaire ?",
        "La construction d'un profil à partir de vos données et habitudes pour cibler les "
        "publicités",
        [
            "Le choix d'une photo de profil",
            "La création d'un compte professionnel",
            "La vérification de l'âge",
        ],
        "Pages vues, achats, position, durée de visionnage : tout peut nourrir un profil.",
    ),
    qcu(
        "4.2",
        "traceurs",
        6,
        "Qu'est-ce qu'un cookie tiers ?",
        "Un cookie déposé par un autre site que celui visité, souvent pour suivre l'internaute",
        [
            "Un cookie que l'on partage avec trois amis",
            "Le troisième cookie d'un site",
            "Un cookie qui s'efface au bout de trois jours",
        ],
        "Présents sur de nombreux sites, ces cookies permettent de suivre un internaute de site "
        "en site.",
    ),
    qcu(
        "4.2",
        "traceurs",
        6,
        "Qu'est-ce que l'empreinte d'un navigateur (fingerprinting) ?",
        "Le fait d'identifier un appareil par ses caractéristiques (écran, polices, version…), "
        "même sans cookie",
        [
            "La trace de doigt sur l'écran",
            "Le mot de passe enregistré dans le navigateur",
            "La liste des favoris",
        ],
        "Refuser les cookies ne suffit pas toujours : certains navigateurs limitent aussi "
        "l'empreinte.",
    ),
]

ITEMS_4_3 = [
    qcu(
        "4.3",
        "santeEcrans",
        1,
        "Devant un écran, quelle habitude aide à reposer ses yeux ?",
        "Regarder régulièrement au loin, quelques secondes",
        [
            "Augmenter la luminosité au maximum",
            "Se rapprocher de l'écran",
            "Cligner des yeux le moins possible",
        ],
        "Faire varier la distance de vision détend les muscles de l'œil.",
        en=En(
            "In front of a screen, which habit helps rest your eyes?",
            "Regularly looking into the distance for a few seconds",
            [
                "Turning brightness to maximum",
                "Moving closer to the screen",
                "Blinking as little as possible",
            ],
            "Changing the viewing distance relaxes the eye muscles.",
        ),
    ),
    num(
        "4.3",
        "santeEcrans",
        3,
        "Selon la règle « 20-20-20 », toutes les 20 minutes devant un écran, on regarde à "
        "environ 6 mètres pendant combien de secondes ?",
        ["20"],
        "20 minutes, 6 mètres (20 pieds), 20 secondes : une pause simple à retenir.",
        timer=45,
    ),
    qcu(
        "4.3",
        "santeEcrans",
        2,
        "Pourquoi éviter les écrans dans l'heure qui précède le coucher ?",
        "Leur lumière et leur stimulation retardent l'endormissement",
        ["Les écrans s'usent la nuit", "Le Wi-Fi est plus lent le soir", "Cela n'a aucun effet"],
        "Le sommeil est essentiel à la mémoire et à la santé : coupez les écrans avant de dormir.",
    ),
    qcm(
        "4.3",
        "santeEcrans",
        2,
        "Quelles positions sont recommandées devant un ordinateur ?",
        [
            "Le haut de l'écran à hauteur des yeux",
            "Le dos appuyé contre le dossier",
            "Les pieds à plat sur le sol",
        ],
        ["L'écran posé très bas, le dos courbé", "Le visage à 10 cm de l'écran"],
        "Une bonne posture évite douleurs de dos, de nuque et de poignets.",
    ),
    qcu(
        "4.3",
        "santeEcrans",
        2,
        "Vous avez mal aux poignets après de longues heures au clavier. Que faire ?",
        "Faire des pauses régulières et ajuster la position du clavier et de la souris",
        [
            "Taper plus vite pour finir plus tôt",
            "Serrer la souris plus fort",
            "Continuer sans changer",
        ],
        "Si la douleur persiste, parlez-en à l'infirmerie ou à un médecin.",
    ),
    qcu(
        "4.3",
        "attentionEcrans",
        4,
        "Pourquoi les notifications de nombreuses applications posent-elles un problème "
        "d'attention ?",
        "Elles interrompent sans cesse l'activité et incitent à revenir sur l'application",
        [
            "Elles usent la batterie de l'écran",
            "Elles sont toujours des publicités",
            "Elles effacent les messages",
        ],
        "Désactiver les notifications non essentielles aide à se concentrer.",
    ),
    qcu(
        "4.3",
        "attentionEcrans",
        5,
        "Que désigne la « nomophobie » ?",
        "La peur excessive d'être séparé de son téléphone",
        ["La peur des noms propres", "La peur des réseaux Wi-Fi", "L'allergie aux écrans tactiles"],
        "Des moments sans téléphone, choisis, aident à reprendre la main sur ses usages.",
    ),
    qcu(
        "4.3",
        "attentionEcrans",
        3,
        "Quel réglage de téléphone aide à limiter le temps passé sur certaines applications ?",
        "Les outils de temps d'écran, avec des limites par application",
        ["Le mode avion permanent", "La luminosité au maximum", "Le thème sombre"],
        "Mesurer son temps d'écran est un premier pas pour le réguler.",
    ),
    qcu(
        "4.3",
        "attentionEcrans",
        6,
        "Qu'est-ce que le « droit à la déconnexion » des salariés en France ?",
        "Le droit de ne pas être joignable par les outils numériques en dehors du temps de travail",
        [
            "Le droit de couper Internet chez ses voisins",
            "L'obligation d'éteindre son téléphone au travail",
            "Le droit de supprimer son compte sur un réseau social",
        ],
        "Il est inscrit dans le Code du travail depuis 2017.",
    ),
    qcu(
        "4.3",
        "cyberharcelement",
        1,
        "Vous êtes victime de moqueries répétées sur un réseau social. Que faites-vous ?",
        "J'en parle à un adulte de confiance et je signale les messages",
        ["Je ne dis rien", "Je réponds par des insultes", "Je supprime tout sans garder de trace"],
        "Gardez des captures d'écran : ce sont des preuves. Vous n'êtes pas seul.",
        en=En(
            "You are the target of repeated mockery on a social network. What do you do?",
            "I talk to a trusted adult and report the messages",
            [
                "I say nothing",
                "I reply with insults",
                "I delete everything without keeping any trace",
            ],
            "Keep screenshots: they are evidence. You are not alone.",
        ),
    ),
    num(
        "4.3",
        "cyberharcelement",
        3,
        "Quel est le numéro gratuit et anonyme à appeler en France en cas de cyberharcèlement ?",
        ["3018"],
        "Le 3018 écoute, conseille et peut faire retirer des contenus.",
        focused=True,
    ),
    qcu(
        "4.3",
        "cyberharcelement",
        3,
        "Qu'est-ce qui caractérise le cyberharcèlement ?",
        "Des agressions répétées en ligne contre une personne qui a du mal à se défendre",
        [
            "Une seule dispute entre deux amis",
            "Un désaccord poli sur un forum",
            "Un message publicitaire",
        ],
        "Liker ou partager des messages humiliants, c'est participer au harcèlement.",
    ),
    qcu(
        "4.3",
        "cyberharcelement",
        3,
        "Un camarade vous transfère une vidéo humiliante d'un autre élève. Quelle réaction est "
        "la bonne ?",
        "Ne pas la partager, la signaler et en parler à un adulte",
        [
            "La partager pour prévenir les autres",
            "La commenter",
            "La garder pour plus tard sans rien dire",
        ],
        "Chaque partage aggrave le mal fait à la victime.",
    ),
    qcu(
        "4.3",
        "protectionMineurs",
        3,
        "Un adulte inconnu vous envoie des messages, vous demande des photos et de garder vos "
        "échanges secrets. Que faites-vous ?",
        "Je ne réponds plus, je garde les preuves, je le bloque et je préviens un adulte",
        [
            "J'envoie une photo pour qu'il arrête",
            "Je garde le secret comme il le demande",
            "Je supprime les messages et n'en parle à personne",
        ],
        "Demander le secret est un signal d'alerte. Le 3018 et le 119 peuvent aider.",
    ),
    qcu(
        "4.3",
        "protectionMineurs",
        2,
        "Un jeu vidéo porte la mention PEGI 16. Que signifie-t-elle ?",
        "Il est déconseillé aux moins de 16 ans",
        ["Il comporte 16 niveaux", "Il coûte 16 euros", "Il se joue à 16 joueurs au plus"],
        "PEGI indique l'âge minimum conseillé et, par des pictogrammes, le type de contenu.",
        en=En(
            "A video game is labelled PEGI 16. What does it mean?",
            "It is not recommended for under-16s",
            ["It has 16 levels", "It costs 16 euros", "It is played by at most 16 players"],
            "PEGI gives the recommended minimum age and, with pictograms, the kind of content.",
        ),
    ),
    qcu(
        "4.3",
        "environnement",
        1,
        "Un appareil laissé en veille consomme-t-il de l'électricité ?",
        "Oui, un peu : mieux vaut l'éteindre ou couper la multiprise",
        ["Non, jamais", "Seulement la nuit", "Seulement s'il est branché en Wi-Fi"],
        "Additionnées, les veilles de tous les appareils d'un foyer pèsent sur la facture.",
    ),
    qcu(
        "4.3",
        "environnement",
        2,
        "Que faire d'un vieux téléphone qui ne fonctionne plus ?",
        "Le déposer dans un point de collecte pour qu'il soit recyclé ou réparé",
        [
            "Le jeter à la poubelle ordinaire",
            "Le brûler",
            "Le laisser au fond d'un tiroir pour toujours",
        ],
        "Ses métaux peuvent être récupérés, et ses composants polluent s'ils finissent à la "
        "décharge.",
    ),
    qcu(
        "4.3",
        "environnement",
        4,
        "Quelle étape de la vie d'un smartphone a le plus d'impact sur l'environnement ?",
        "Sa fabrication",
        ["Sa recharge", "Son transport jusqu'au magasin", "Son recyclage"],
        "Extraction des métaux, énergie et eau : l'essentiel de l'impact est fait avant même "
        "le premier allumage.",
    ),
    qcu(
        "4.3",
        "sobrieteNumerique",
        4,
        "Pourquoi regarder une vidéo en ligne a-t-il un impact sur l'environnement ?",
        "Les données passent par des réseaux et des centres de données qui consomment de l'énergie",
        ["Parce que l'écran rejette du CO2", "Parce que la vidéo s'use", "Cela n'a aucun impact"],
        "Baisser la définition quand elle n'apporte rien réduit les données transférées.",
    ),
    qcu(
        "4.3",
        "environnement",
        5,
        "Quel geste réduit le plus l'impact environnemental de votre usage du numérique ?",
        "Garder ses appareils plus longtemps, en les réparant",
        [
            "Supprimer ses vieux courriels chaque jour",
            "Éteindre l'écran pendant 2 minutes",
            "Utiliser un fond d'écran sombre",
        ],
        "Comme la fabrication pèse le plus, allonger la durée de vie est le geste le plus "
        "efficace.",
    ),
    qcu(
        "4.3",
        "environnement",
        5,
        "Que signifie l'indice de réparabilité affiché sur les smartphones vendus en France ?",
        "Une note sur 10 qui indique si l'appareil est facile à réparer",
        [
            "Le nombre de réparations gratuites",
            "Le temps de charge de la batterie",
            "La résistance aux chutes",
        ],
        "Il tient compte de la disponibilité des pièces, de leur prix et de la facilité de "
        "démontage.",
    ),
    qcu(
        "4.3",
        "sobrieteNumerique",
        6,
        "Regarder une vidéo en très haute définition sur un petit écran de téléphone…",
        "consomme plus de données et d'énergie, sans différence visible",
        [
            "améliore la batterie",
            "réduit la consommation",
            "est obligatoire sur les téléphones récents",
        ],
        "Sur un petit écran, une définition moyenne suffit.",
    ),
]

ITEMS = ITEMS_4_1 + ITEMS_4_2 + ITEMS_4_3
