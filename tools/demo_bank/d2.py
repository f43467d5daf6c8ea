"""Domain 2, Communication et collaboration: 2.1 interact, 2.2 share and publish,
2.3 collaborate, 2.4 find one's place in the digital world."""

from __future__ import annotations

from demo_bank.kit import NO_TYPOS, En, dep, ind, num, qcm, qcu, qroc

ITEMS_2_1 = [
    qcu(
        "2.1",
        "adresseCourriel",
        1,
        "Dans une adresse électronique, quel caractère sépare le nom de l'utilisateur du nom de "
        "domaine ?",
        "@",
        ["#", "&", "/"],
        "Le caractère @ (arobase) sépare l'utilisateur (avant) du domaine de messagerie (après).",
        timer=30,
        en=En(
            "In an e-mail address, which character separates the user name from the domain?",
            "@",
            ["#", "&", "/"],
            "The @ (at sign) separates the user (before) from the mail domain (after).",
        ),
    ),
    qcu(
        "2.1",
        "adresseCourriel",
        2,
        "Laquelle de ces adresses électroniques est correctement écrite ?",
        "lea.martin@exemple.fr",
        ["lea.martin.exemple.fr", "lea martin@exemple", "@lea.martin.fr"],
        "Une adresse valide a un nom d'utilisateur sans espace, une arobase, puis un domaine "
        "avec son extension (.fr).",
        en=En(
            "Which of these e-mail addresses is written correctly?",
            "lea.martin@example.org",
            ["lea.martin.example.org", "lea martin@example", "@lea.martin.org"],
            "A valid address has a user name without spaces, an at sign, then a domain with its "
            "extension (.org).",
        ),
    ),
    qcu(
        "2.1",
        "champsCourriel",
        2,
        "Quel champ d'un courriel indique en quelques mots de quoi parle le message ?",
        "L'objet",
        ["Cc", "Cci", "La signature"],
        "L'objet résume le message : le destinataire sait ce qu'il va lire avant de l'ouvrir.",
        en=En(
            "Which field of an e-mail says in a few words what the message is about?",
            "The subject",
            ["Cc", "Bcc", "The signature"],
            "The subject sums up the message: the recipient knows what it is about before "
            "opening it.",
        ),
    ),
    qcu(
        "2.1",
        "champsCourriel",
        3,
        "Vous envoyez une invitation à 30 familles qui ne se connaissent pas. Dans quel champ "
        "mettez-vous leurs adresses pour qu'aucune ne voie celles des autres ?",
        "Cci (copie cachée)",
        ["À", "Cc (copie)", "Objet"],
        "Les adresses en Cci ne sont pas visibles des autres destinataires : on protège ainsi "
        "les adresses de chacun.",
        en=En(
            "You send an invitation to 30 families who do not know each other. In which field do "
            "you put their addresses so that none sees the others'?",
            "Bcc (blind copy)",
            ["To", "Cc (copy)", "Subject"],
            "Addresses in Bcc are hidden from the other recipients, which protects everyone's "
            "address.",
        ),
    ),
    qcu(
        "2.1",
        "champsCourriel",
        4,
        "Que fait « Répondre à tous » ?",
        "Il envoie la réponse à l'expéditeur et à tous les destinataires visibles (À et Cc)",
        [
            "Il envoie la réponse à tous vos contacts",
            "Il envoie la réponse à l'expéditeur seulement",
            "Il envoie la réponse aussi aux destinataires en Cci",
        ],
        "Avant de répondre à tous, demandez-vous si chacun a besoin de votre réponse.",
    ),
    qcu(
        "2.1",
        "champsCourriel",
        5,
        "Une personne a été mise en Cci d'un message. Que sait le destinataire principal (champ "
        "À) ?",
        "Rien : il ne voit pas que cette personne a reçu le message",
        [
            "Il voit son adresse, en gris",
            "Il reçoit une notification à part",
            "Il voit son nom mais pas son adresse",
        ],
        "La copie cachée est invisible pour tous les autres destinataires.",
    ),
    dep(
        "2.1",
        "champsCourriel",
        3,
        "Un courriel peut avoir trois champs de destinataires. Donnez-en deux (leur nom court).",
        ["Premier champ", "Second champ"],
        ["À", "Cc", "Cci"],
        "Les trois champs de destinataires sont À (destinataires principaux), Cc (copie) et Cci "
        "(copie cachée).",
        expected=2,
        treatments=NO_TYPOS,
    ),
    qcu(
        "2.1",
        "netiquette",
        1,
        "Vous écrivez à votre professeure principale, Mme Durand, par la messagerie de l'ENT. "
        "Quelle formule d'ouverture convient ?",
        "Bonjour Madame Durand,",
        ["Salut !", "Coucou la prof", "Yo"],
        "Avec un adulte de l'établissement, on utilise une formule de politesse complète.",
    ),
    qcu(
        "2.1",
        "netiquette",
        2,
        "Sur un forum, écrire un message entièrement en MAJUSCULES est généralement compris comme…",
        "le fait de crier",
        [
            "une marque de politesse",
            "un message important et officiel",
            "une erreur de clavier sans importance",
        ],
        "Les majuscules donnent l'impression de hausser le ton : à éviter, sauf pour un mot.",
        en=En(
            "On a forum, writing a whole message in CAPITALS is usually understood as…",
            "shouting",
            ["being polite", "an important, official message", "a harmless typing mistake"],
            "Capitals feel like raising one's voice: avoid them, except for a single word.",
        ),
    ),
    qcu(
        "2.1",
        "netiquette",
        2,
        "À quoi sert surtout une émoticône (émoji) dans un message écrit ?",
        "À préciser le ton ou l'émotion, qui passent mal à l'écrit",
        [
            "À rendre le message plus court à envoyer",
            "À chiffrer le message",
            "À remplacer la signature",
        ],
        "À l'écrit, on ne voit ni le visage ni le ton : un émoji lève une ambiguïté, sans "
        "remplacer des mots clairs.",
    ),
    qroc(
        "2.1",
        "netiquette",
        3,
        "Comment appelle-t-on le texte ajouté automatiquement en bas de chaque courriel envoyé "
        "(nom, classe, établissement…) ?",
        ["signature", "une signature", "la signature"],
        "La signature se règle une fois dans les préférences de la messagerie.",
        en=En(
            "What is the text added automatically at the bottom of every e-mail sent (name, "
            "class, school…) called?",
            feedback="The signature is set once in the mail settings.",
        ),
    ),
    qcu(
        "2.1",
        "netiquette",
        3,
        "Sur un forum d'entraide, que faut-il faire avant de poser une question ?",
        "Chercher si elle a déjà été posée et résolue",
        [
            "Poser la question dans tous les forums à la fois",
            "Écrire en majuscules pour être vu",
            "Envoyer un message privé à tous les membres",
        ],
        "Chercher d'abord respecte le temps de ceux qui aident, et la réponse existe souvent déjà.",
    ),
    qcm(
        "2.1",
        "netiquette",
        5,
        "Quelles pratiques rendent un courriel à un organisme (stage, administration) efficace ?",
        [
            "Un objet court et précis",
            "Un seul sujet par message",
            "Une formule de politesse et une signature",
        ],
        ["Un message écrit en langage SMS", "Beaucoup de destinataires en copie par précaution"],
        "Un message clair, ciblé et poli obtient plus vite une réponse.",
    ),
    qcu(
        "2.1",
        "choisirOutil",
        2,
        "Pour organiser rapidement un échange oral à cinq, à distance, avec partage d'écran, "
        "quel outil choisir ?",
        "Une visioconférence",
        ["Un courriel", "Un SMS", "Un forum"],
        "La visioconférence permet de se parler en direct et de montrer son écran.",
        en=En(
            "To set up a quick spoken exchange with five people, remotely, with screen "
            "sharing, which tool do you choose?",
            "A video conference",
            ["An e-mail", "A text message", "A forum"],
            "A video conference lets people talk live and show their screen.",
        ),
    ),
    qcu(
        "2.1",
        "choisirOutil",
        4,
        "Une pièce jointe de 40 Mo est refusée par la messagerie. Quelle solution est adaptée ?",
        "Déposer le fichier sur un espace de partage et envoyer le lien",
        [
            "Renvoyer le même message plusieurs fois",
            "Changer l'objet du message",
            "Renommer le fichier",
        ],
        "Les messageries limitent la taille des pièces jointes (souvent 10 à 25 Mo) ; un lien "
        "de partage n'a pas cette limite.",
    ),
    qcu(
        "2.1",
        "choisirOutil",
        4,
        "Dans quelle situation une communication en direct (synchrone) est-elle préférable à un "
        "échange de messages ?",
        "Quand une décision rapide demande de nombreux allers-retours",
        [
            "Quand on veut garder une trace écrite détaillée",
            "Quand les personnes ne sont pas disponibles en même temps",
            "Quand on envoie un document à lire plus tard",
        ],
        "Le direct évite les allers-retours lents ; l'écrit (asynchrone) laisse chacun répondre "
        "à son rythme et garde une trace.",
    ),
    qcu(
        "2.1",
        "choisirOutil",
        5,
        "Un message envoyé à 200 adresses de l'établissement déclenche des dizaines de "
        "« Répondre à tous ». Qu'est-ce qui aurait évité cela ?",
        "Utiliser une liste de diffusion ou mettre les adresses en Cci",
        ["Mettre un objet plus long", "Envoyer le message le soir", "Ajouter une pièce jointe"],
        "En Cci, « Répondre à tous » ne touche que l'expéditeur ; une liste de diffusion "
        "peut n'autoriser que les réponses à l'expéditeur.",
    ),
    qcu(
        "2.1",
        "messagerieSecurisee",
        6,
        "Une messagerie instantanée annonce un chiffrement « de bout en bout ». Qu'est-ce que "
        "cela signifie ?",
        "Seuls l'expéditeur et les destinataires peuvent lire les messages, pas le service",
        [
            "Les messages s'effacent après lecture",
            "Les messages sont compressés pour aller plus vite",
            "Le service peut lire les messages mais pas les pirates",
        ],
        "Les clés de déchiffrement ne sont que sur les appareils des participants.",
    ),
    qcu(
        "2.1",
        "messagerieSecurisee",
        6,
        "Vous demandez un accusé de lecture sur un courriel. Que vous apprend-il ?",
        "Que le destinataire a ouvert le message, s'il accepte de vous l'envoyer",
        [
            "Que le message a été lu et compris, de façon certaine",
            "Que le message est bien arrivé sur le serveur, rien de plus",
            "Que le destinataire a transféré le message",
        ],
        "Le destinataire peut refuser l'accusé : son absence ne prouve pas que le message n'a "
        "pas été lu.",
    ),
    qcu(
        "2.1",
        "messagerieSecurisee",
        4,
        "L'objet d'un courriel reçu commence par « TR : » (ou « Fwd: »). Qu'est-ce que cela "
        "signifie ?",
        "Le message a été transféré par quelqu'un qui l'avait reçu",
        ["Le message est urgent", "Le message est une réponse", "Le message contient un virus"],
        "« TR » signifie transféré ; « RE » indique une réponse.",
    ),
    num(
        "2.1",
        "messagerieSecurisee",
        5,
        "Vous envoyez un message à 3 personnes en À et 2 en Cc, et vous vous mettez vous-même en "
        "Cci. Combien de personnes le reçoivent, vous compris ?",
        ["6"],
        "3 + 2 + 1 = 6 : les personnes en Cci reçoivent aussi le message, sans être visibles.",
    ),
]

ITEMS_2_2: list = [
    qcu(
        "2.2",
        "droitAuteur",
        1,
        "Pouvez-vous publier sur le blog public de la classe une chanson d'un artiste connu "
        "trouvée en ligne ?",
        "Non, pas sans l'autorisation des ayants droit",
        [
            "Oui, tout ce qui est en ligne est libre",
            "Oui, si j'indique le titre",
            "Oui, si le blog est gratuit",
        ],
        "Une œuvre accessible en ligne reste protégée par le droit d'auteur.",
    ),
    qcu(
        "2.2",
        "droitAuteur",
        2,
        "Avant de publier une photo de groupe prise pendant une sortie scolaire, que devez-vous "
        "faire ?",
        "Demander l'accord des personnes reconnaissables",
        [
            "Rien, c'était une sortie publique",
            "Flouter seulement le décor",
            "La publier puis prévenir",
        ],
        "Chacun a un droit sur son image : il faut son accord (et celui des parents pour un "
        "mineur) avant de la diffuser.",
    ),
    num(
        "2.2",
        "droitAuteur",
        5,
        "En France, pendant combien d'années après la mort de l'auteur ses droits patrimoniaux "
        "durent-ils en général ?",
        ["70"],
        "70 ans après le décès ; l'œuvre entre ensuite dans le domaine public.",
        timer=45,
        focused=True,
    ),
    qcu(
        "2.2",
        "droitAuteur",
        6,
        "Une œuvre est entrée dans le domaine public en France. Que peut-on en faire ?",
        "L'utiliser librement, en respectant le nom de l'auteur et l'intégrité de l'œuvre",
        [
            "Rien, elle est réservée aux musées",
            "La revendre en se déclarant son auteur",
            "L'utiliser seulement avec l'accord des héritiers",
        ],
        "Les droits patrimoniaux ont expiré, mais le droit moral (nom, respect de l'œuvre) est "
        "perpétuel.",
    ),
    qcu(
        "2.2",
        "droitAuteur",
        4,
        "Vous publiez une vidéo avec une musique protégée, sans autorisation. Que se passe-t-il "
        "le plus souvent sur une grande plateforme ?",
        "La vidéo est bloquée, privée de revenus ou retirée",
        [
            "Rien, la plateforme ne vérifie jamais",
            "La musique devient libre de droits",
            "La vidéo est mise en avant",
        ],
        "Les plateformes repèrent automatiquement les œuvres protégées ; les ayants droit "
        "décident alors du sort de la vidéo.",
    ),
    qcu(
        "2.2",
        "licencesCC",
        2,
        "Que signifie la mention « CC BY » sur une image ?",
        "On peut la réutiliser à condition de citer l'auteur",
        [
            "Personne n'a le droit de la réutiliser",
            "Elle appartient à une chaîne de télévision",
            "On peut la réutiliser sans citer personne",
        ],
        "BY (« par ») : l'attribution à l'auteur est la seule condition.",
        en=En(
            "What does the label “CC BY” on an image mean?",
            "It can be reused provided the author is credited",
            [
                "Nobody may reuse it",
                "It belongs to a TV channel",
                "It can be reused without crediting anyone",
            ],
            "BY: crediting the author is the only condition.",
        ),
    ),
    qcu(
        "2.2",
        "choisirLicence",
        3,
        "Comment citer une image de Wikimedia Commons sous licence CC BY-SA dans un exposé ?",
        "Indiquer l'auteur, la source et la licence près de l'image",
        [
            "Écrire « image trouvée sur Internet »",
            "Ne rien indiquer, c'est libre",
            "Indiquer seulement la date",
        ],
        "Auteur, source (lien) et licence : c'est ce que demande la mention BY.",
    ),
    qcu(
        "2.2",
        "licencesCC",
        4,
        "Une image est sous licence CC BY-NC. Une entreprise peut-elle l'utiliser sur l'affiche "
        "d'un concert payant ?",
        "Non, NC interdit l'usage commercial sans autre accord",
        [
            "Oui, si elle cite l'auteur",
            "Oui, si l'image est modifiée",
            "Oui, car l'image est en ligne",
        ],
        "NC (non commercial) exclut les usages commerciaux ; il faudrait l'accord de l'auteur.",
    ),
    qcu(
        "2.2",
        "licencesCC",
        4,
        "Que signifie « ND » dans une licence Creative Commons ?",
        "Pas de modification : on ne peut pas diffuser une version modifiée",
        ["Pas de diffusion du tout", "Non daté", "Nom de l'auteur facultatif"],
        "ND (no derivatives) : on partage l'œuvre telle quelle.",
    ),
    qcu(
        "2.2",
        "licencesCC",
        5,
        "Que signifie « SA » (partage dans les mêmes conditions) dans une licence Creative "
        "Commons ?",
        "Une version modifiée doit être diffusée sous la même licence",
        [
            "L'œuvre ne peut être partagée qu'une fois",
            "L'auteur doit être payé",
            "L'œuvre doit rester anonyme",
        ],
        "SA (share alike) transmet la licence aux œuvres dérivées.",
    ),
    qcm(
        "2.2",
        "choisirLicence",
        5,
        "Vous publiez une version recadrée d'une photo sous CC BY-SA. Que devez-vous faire ?",
        ["Citer l'auteur de la photo", "Publier votre version sous la même licence CC BY-SA"],
        ["Demander une autorisation écrite à l'auteur", "Payer l'auteur"],
        "La licence autorise déjà la modification : il suffit de respecter BY et SA.",
    ),
    qcu(
        "2.2",
        "choisirLicence",
        5,
        "Vous voulez que d'autres puissent réutiliser et modifier votre exposé, même pour un "
        "usage commercial, à condition de vous citer. Quelle licence choisir ?",
        "CC BY",
        ["CC BY-NC-ND", "Tous droits réservés", "CC BY-ND"],
        "CC BY n'impose que la citation de l'auteur.",
        en=En(
            "You want others to be able to reuse and modify your presentation, even "
            "commercially, provided they credit you. Which licence do you choose?",
            "CC BY",
            ["CC BY-NC-ND", "All rights reserved", "CC BY-ND"],
            "CC BY only requires crediting the author.",
        ),
    ),
    qcm(
        "2.2",
        "choisirLicence",
        6,
        "Quelles licences Creative Commons autorisent à diffuser une version modifiée de l'œuvre ?",
        ["CC BY", "CC BY-SA", "CC BY-NC"],
        ["CC BY-ND", "CC BY-NC-ND"],
        "Seule la mention ND interdit les œuvres dérivées.",
        focused=True,
        en=En(
            "Which Creative Commons licences allow sharing a modified version of the work?",
            ["CC BY", "CC BY-SA", "CC BY-NC"],
            ["CC BY-ND", "CC BY-NC-ND"],
            "Only ND forbids derivative works.",
        ),
    ),
    qcu(
        "2.2",
        "choisirLicence",
        6,
        "Un texte est publié sous CC0. Que peut-on en faire ?",
        "Le réutiliser, le modifier et le diffuser sans condition, même sans citer l'auteur",
        [
            "Le lire seulement, sans le copier",
            "Le réutiliser seulement dans un cadre scolaire",
            "Le modifier à condition de garder la même licence",
        ],
        "CC0 place l'œuvre au plus près du domaine public ; citer l'auteur reste une bonne "
        "pratique.",
    ),
    ind(
        "2.2",
        "licencesCC",
        5,
        "Une photo est publiée sous licence CC BY-NC. Répondez par oui ou par non : avez-vous "
        "le droit…",
        [
            ("modifier", "…de la recadrer pour un exposé au lycée, en citant l'auteur ?", ["oui"]),
            ("vendre", "…de l'imprimer sur des cartes postales que vous vendez ?", ["non"]),
        ],
        "BY-NC autorise la modification (il n'y a pas de ND) pour un usage non commercial, en "
        "citant l'auteur ; la vente est un usage commercial.",
        treatments=NO_TYPOS,
        timer=60,
    ),
    qcu(
        "2.2",
        "partagerEnLigne",
        1,
        "Qui peut voir une publication réglée sur « Public » sur un réseau social ?",
        "N'importe qui, même sans compte ni abonnement",
        ["Seulement mes amis", "Seulement moi", "Seulement mes abonnés"],
        "Public veut dire visible par tous, et souvent trouvable par les moteurs de recherche.",
        en=En(
            "Who can see a post set to “Public” on a social network?",
            "Anyone, even without an account or following",
            ["Only my friends", "Only me", "Only my followers"],
            "Public means visible to everyone, and often findable by search engines.",
        ),
    ),
    qcu(
        "2.2",
        "partagerEnLigne",
        1,
        "Sur un réseau social, que fait le « partage » d'une publication ?",
        "Il la rediffuse auprès de vos propres abonnés",
        ["Il la supprime", "Il l'envoie à son auteur", "Il la rend privée"],
        "Partager, c'est aussi en devenir responsable : vérifiez avant de rediffuser.",
    ),
    qcu(
        "2.2",
        "partagerEnLigne",
        3,
        "Vous partagez un document depuis votre espace en ligne. Quel réglage permet aux "
        "destinataires de le lire sans pouvoir le modifier ?",
        "L'accès en lecture seule",
        [
            "L'accès en modification",
            "Le lien public sans restriction",
            "Le partage du mot de passe du compte",
        ],
        "Donnez le droit le plus faible qui suffit : ici, la lecture.",
    ),
    qcu(
        "2.2",
        "partagerEnLigne",
        3,
        "Vous supprimez une publication qui a déjà été partagée par d'autres. Que se passe-t-il ?",
        "Les copies et captures déjà faites peuvent continuer à circuler",
        [
            "Elle disparaît partout automatiquement",
            "Les personnes qui l'ont partagée sont averties et doivent la supprimer",
            "Elle est archivée chez vous seulement",
        ],
        "Ce qui est publié peut échapper à son auteur : réfléchissez avant de publier.",
    ),
    qcu(
        "2.2",
        "partagerEnLigne",
        4,
        "Quelle différence y a-t-il entre partager un lien vers un document et l'envoyer en pièce "
        "jointe ?",
        "Avec un lien, chacun consulte la même version à jour, selon les droits donnés",
        [
            "Aucune, le destinataire reçoit une copie dans les deux cas",
            "Le lien est toujours public sur Internet",
            "La pièce jointe se met à jour toute seule",
        ],
        "La pièce jointe est une copie figée ; le lien mène à l'original, qui évolue.",
    ),
]

ITEMS_2_2 += [
    qcu(
        "2.2",
        "citerSources",
        1,
        "Vous reprenez dans votre exposé une phrase trouvée sur un site. Que devez-vous faire ?",
        "La mettre entre guillemets et indiquer d'où elle vient",
        [
            "Rien, tout ce qui est en ligne est libre",
            "Changer un mot pour qu'elle soit à moi",
            "L'écrire en italique, sans source",
        ],
        "Une citation se signale par des guillemets et une source : c'est honnête et cela "
        "permet au lecteur de vérifier.",
    ),
    qcu(
        "2.2",
        "citerSources",
        2,
        "Qu'est-ce que le plagiat ?",
        "Présenter le travail d'un autre comme le sien",
        [
            "Citer un auteur entre guillemets",
            "Résumer un texte en indiquant sa source",
            "Partager un lien vers un article",
        ],
        "Le plagiat est une fraude ; citer ses sources, au contraire, est attendu.",
        en=En(
            "What is plagiarism?",
            "Passing off someone else's work as one's own",
            [
                "Quoting an author in quotation marks",
                "Summarising a text and giving its source",
                "Sharing a link to an article",
            ],
            "Plagiarism is cheating; citing one's sources, on the contrary, is expected.",
        ),
    ),
    qcm(
        "2.2",
        "citerSources",
        3,
        "Quelles informations faut-il donner pour citer une page web dans une bibliographie ?",
        [
            "L'auteur ou l'organisme",
            "Le titre de la page",
            "L'adresse (URL) et la date de consultation",
        ],
        ["La couleur du site", "Le nombre de visiteurs du site"],
        "Auteur, titre, adresse et date de consultation permettent de retrouver la page telle "
        "que vous l'avez lue.",
    ),
    dep(
        "2.2",
        "citerSources",
        4,
        "Une licence Creative Commons commence toujours par BY. Citez deux des trois autres "
        "sigles qui peuvent s'y ajouter.",
        ["Premier sigle", "Second sigle"],
        ["NC", "ND", "SA"],
        "NC (pas d'usage commercial), ND (pas de modification) et SA (partage dans les mêmes "
        "conditions) se combinent avec BY.",
        expected=2,
        treatments=NO_TYPOS,
    ),
]

ITEMS_2_3 = [
    qcu(
        "2.3",
        "outilsCollaboratifs",
        1,
        "Quel outil permet à plusieurs élèves d'écrire en même temps dans un même document ?",
        "Un traitement de texte collaboratif en ligne",
        ["Une clé USB", "Une imprimante", "Un lecteur PDF"],
        "Un document en ligne (pad, traitement de texte partagé) se modifie à plusieurs, en "
        "direct.",
        en=En(
            "Which tool lets several pupils write in the same document at the same time?",
            "An online collaborative word processor",
            ["A USB stick", "A printer", "A PDF reader"],
            "An online document (pad, shared word processor) can be edited by several people, "
            "live.",
        ),
    ),
    qcu(
        "2.3",
        "outilsCollaboratifs",
        1,
        "Qu'est-ce qu'un ENT ?",
        "Un espace numérique de travail : les services en ligne de l'établissement",
        ["Un logiciel de jeux", "Un antivirus", "Un moteur de recherche"],
        "L'ENT rassemble cahier de textes, messagerie, ressources et espaces de partage.",
    ),
    qcu(
        "2.3",
        "organiserTravail",
        2,
        "Pour trouver une date de réunion qui convient à tout un groupe, quel outil utiliser ?",
        "Un sondage de dates en ligne",
        ["Un diaporama", "Un tableur hors ligne sur son ordinateur", "Un correcteur d'orthographe"],
        "Chacun coche ses disponibilités : la date commune apparaît d'elle-même.",
    ),
    qcu(
        "2.3",
        "organiserTravail",
        3,
        "Pour répartir les tâches d'un exposé à quatre et suivre leur avancement, quel outil est "
        "le plus adapté ?",
        "Un tableau de tâches partagé (à faire, en cours, fait)",
        ["Un diaporama", "Une calculatrice", "Un dossier sur une clé USB"],
        "Un tableau de tâches montre qui fait quoi et où en est chaque partie.",
    ),
    qroc(
        "2.3",
        "outilsCollaboratifs",
        3,
        "Comment appelle-t-on un site dont les pages peuvent être rédigées et modifiées par ses "
        "lecteurs, comme Wikipédia ?",
        ["wiki", "un wiki"],
        "Un wiki garde l'historique de chaque page : chacun contribue, tout se corrige.",
        treatments=NO_TYPOS,
        en=En(
            "What is a website whose pages can be written and edited by its readers, like "
            "Wikipedia, called?",
            feedback="A wiki keeps the history of every page: everyone contributes, everything "
            "can be corrected.",
        ),
    ),
    qcu(
        "2.3",
        "organiserTravail",
        5,
        "Quelle pratique rend une réunion en visioconférence plus efficace ?",
        "Un ordre du jour envoyé avant, et un compte rendu partagé après",
        [
            "Garder tous les micros ouverts",
            "Inviter le plus de monde possible",
            "Ne rien préparer pour rester spontané",
        ],
        "Préparer et garder une trace fait gagner du temps à tous.",
    ),
    qcu(
        "2.3",
        "organiserTravail",
        6,
        "Une équipe travaille par messagerie de groupe. Comment éviter que les informations "
        "importantes se perdent dans le fil des messages ?",
        "Les regrouper dans un document ou un canal dédié, épinglé",
        ["Les répéter chaque jour", "Les écrire en majuscules", "Créer un groupe par message"],
        "Le fil de discussion sert à échanger ; les décisions doivent être rangées ailleurs.",
    ),
    qcu(
        "2.3",
        "documentPartage",
        2,
        "Dans un document partagé, comment faire une remarque à l'auteur sans modifier son texte ?",
        "Ajouter un commentaire",
        ["Effacer le passage", "Changer la police du passage", "Copier tout le document"],
        "Le commentaire se place en marge ; l'auteur décide de la suite.",
        en=En(
            "In a shared document, how do you make a remark to the author without changing "
            "their text?",
            "Add a comment",
            ["Delete the passage", "Change the passage's font", "Copy the whole document"],
            "A comment sits in the margin; the author decides what to do.",
        ),
    ),
    qcu(
        "2.3",
        "droitsPartage",
        2,
        "Votre binôme doit pouvoir modifier votre diaporama en ligne. Quel droit lui donner ?",
        "Éditeur (modification)",
        ["Lecteur", "Commentateur", "Aucun, il suffit de lui envoyer le titre"],
        "Lecteur : voir ; commentateur : commenter ; éditeur : modifier.",
    ),
    qcu(
        "2.3",
        "documentPartage",
        3,
        "Pourquoi éviter de télécharger un document partagé, le modifier puis le renvoyer en "
        "pièce jointe ?",
        "On multiplie les versions et on ne sait plus laquelle est la bonne",
        [
            "Le fichier devient illisible",
            "C'est interdit par la loi",
            "La pièce jointe efface l'original",
        ],
        "Modifier l'original partagé garde une seule version de référence.",
    ),
    qcu(
        "2.3",
        "historiqueVersions",
        3,
        "Un camarade a effacé par erreur une partie du document commun. Quelle fonction permet "
        "de retrouver le texte ?",
        "L'historique des versions",
        ["La corbeille de l'ordinateur", "Le correcteur d'orthographe", "Le zoom"],
        "Les outils en ligne enregistrent les versions successives ; on peut en restaurer une.",
    ),
    qcu(
        "2.3",
        "documentPartage",
        4,
        "À quoi sert le mode « suggestion » (ou suivi des modifications) ?",
        "Les modifications restent visibles et l'auteur peut les accepter ou les refuser",
        [
            "Il corrige les fautes automatiquement",
            "Il empêche toute modification",
            "Il traduit le texte",
        ],
        "Chaque proposition est marquée : rien n'est imposé à l'auteur.",
    ),
    qcm(
        "2.3",
        "documentPartage",
        4,
        "Quelles règles facilitent le travail à plusieurs sur un document partagé ?",
        [
            "Se répartir les parties",
            "Commenter plutôt que réécrire le texte des autres",
            "Nommer clairement les versions importantes",
        ],
        [
            "Tout réécrire à sa façon sans prévenir",
            "Travailler chacun sur une copie sans jamais les réunir",
        ],
        "Se répartir le travail et respecter celui des autres évite conflits et doublons.",
    ),
    qcu(
        "2.3",
        "documentPartage",
        5,
        "Deux élèves modifient hors ligne la même copie d'un fichier, puis la renvoient chacun "
        "sur l'espace partagé. Quel problème risque-t-on ?",
        "Un conflit : les modifications de l'un peuvent écraser celles de l'autre",
        [
            "Aucun, les deux versions fusionnent toujours seules",
            "Le fichier est converti en PDF",
            "L'espace partagé est supprimé",
        ],
        "Travailler en ligne sur l'original, ou se passer le relais, évite les conflits.",
    ),
    qcu(
        "2.3",
        "droitsPartage",
        5,
        "Sur un espace partagé, un fichier porte la mention « verrouillé par Léa ». Que "
        "signifie-t-elle ?",
        "Léa le modifie ; les autres ne peuvent que le lire pour l'instant",
        [
            "Léa a supprimé le fichier",
            "Le fichier est protégé par le mot de passe de Léa pour toujours",
            "Léa a demandé à être seule à le lire",
        ],
        "Le verrou évite que deux personnes modifient la même copie en même temps.",
    ),
    qcu(
        "2.3",
        "droitsPartage",
        6,
        "Un document est modifié par 25 personnes. Comment éviter que n'importe qui détruise "
        "sa structure ?",
        "Donner le droit de modifier à quelques-uns et le droit de commenter aux autres",
        [
            "Donner à tous le droit de modifier",
            "Supprimer l'historique",
            "Publier le document sur un réseau social",
        ],
        "Des droits adaptés au rôle de chacun protègent le document sans bloquer la participation.",
    ),
    qcu(
        "2.3",
        "historiqueVersions",
        5,
        "Dans un wiki, que permet la page d'historique d'un article ?",
        "Voir chaque modification et son auteur, et revenir à une version antérieure",
        ["Voir qui a lu l'article", "Traduire l'article", "Bloquer définitivement l'article"],
        "L'historique rend chaque contribution traçable et réversible.",
    ),
    qcu(
        "2.3",
        "historiqueVersions",
        6,
        "Qu'est-ce qu'un « fork » (une copie dérivée) d'un projet collaboratif ?",
        "Une copie indépendante qui évolue séparément de l'original",
        ["Une sauvegarde automatique", "Une faille de sécurité", "La version officielle du projet"],
        "Forker permet d'expérimenter ou de poursuivre un projet sans toucher à l'original.",
    ),
    qcu(
        "2.3",
        "droitsPartage",
        4,
        "Vous êtes propriétaire d'un document partagé. Un élève d'une autre classe demande "
        "l'accès. Que faire ?",
        "Ne donner l'accès qu'aux personnes qui en ont besoin pour le travail",
        [
            "Rendre le document public pour simplifier",
            "Lui donner votre mot de passe",
            "Accepter toutes les demandes",
        ],
        "Moins il y a d'accès inutiles, moins il y a de risques d'erreur ou de fuite.",
    ),
    num(
        "2.3",
        "historiqueVersions",
        4,
        "Un document partagé a été enregistré en version 1 à 9 h, puis une nouvelle version est "
        "créée toutes les 20 minutes jusqu'à 11 h incluse. Quel est le numéro de la version de "
        "11 h ?",
        ["7"],
        "De 9 h à 11 h il y a 120 minutes, soit 6 intervalles de 20 minutes : version 1 + 6 = 7.",
    ),
    ind(
        "2.3",
        "droitsPartage",
        3,
        "Dans un outil de documents partagés, quel rôle (un mot) faut-il donner à une personne "
        "qui doit…",
        [
            (
                "modifier",
                "…modifier le document ?",
                ["éditeur", "éditrice", "rédacteur", "rédactrice"],
            ),
            ("lire", "…seulement le consulter ?", ["lecteur", "lectrice"]),
        ],
        "Les rôles habituels sont lecteur, commentateur et éditeur.",
    ),
]

ITEMS_2_4 = [
    qcu(
        "2.4",
        "identiteNumerique",
        1,
        "Comment appelle-t-on l'ensemble des traces que vous laissez en ligne et qui forment "
        "l'image que les autres ont de vous ?",
        "L'identité numérique",
        ["Le mot de passe", "L'adresse IP", "Le navigateur"],
        "Publications, photos, commentaires, profils : tout cela compose votre identité numérique.",
        en=En(
            "What is the set of traces you leave online, which shape how others see you, called?",
            "Digital identity",
            ["The password", "The IP address", "The browser"],
            "Posts, photos, comments, profiles: all of these make up your digital identity.",
        ),
    ),
    qroc(
        "2.4",
        "identiteNumerique",
        1,
        "Comment appelle-t-on la petite image qui vous représente sur un forum ou dans un jeu en "
        "ligne ?",
        ["avatar", "un avatar"],
        "L'avatar vous représente sans forcément montrer votre visage.",
        en=En(
            "What is the small picture that represents you on a forum or in an online game called?",
            feedback="An avatar represents you without necessarily showing your face.",
        ),
    ),
    qcu(
        "2.4",
        "identiteNumerique",
        2,
        "Sur un forum public, quel pseudonyme protège le mieux votre identité ?",
        "Un pseudonyme sans lien avec vos nom, âge et ville",
        ["lucas.martin2009", "Lucas_Lyon_15ans", "Votre prénom et votre nom"],
        "Un pseudonyme neutre évite qu'on vous retrouve en croisant les informations.",
    ),
    qcu(
        "2.4",
        "identiteNumerique",
        2,
        "Vous voulez savoir ce qu'Internet montre de vous. Que faites-vous ?",
        "Je tape mon prénom et mon nom dans un moteur de recherche",
        [
            "Je vide l'historique de mon navigateur",
            "Je change mon mot de passe",
            "J'éteins mon téléphone",
        ],
        "Se rechercher soi-même de temps en temps permet de surveiller son identité numérique.",
    ),
    qroc(
        "2.4",
        "identiteNumerique",
        4,
        "Comment appelle-t-on l'image qu'une personne ou une marque renvoie sur Internet, d'après "
        "ce qui est publié à son sujet ?",
        ["e-réputation", "réputation numérique", "réputation en ligne"],
        "L'e-réputation se construit aussi avec ce que les autres publient sur vous.",
    ),
    qcu(
        "2.4",
        "identiteNumerique",
        5,
        "Que permet le « droit au déréférencement » (souvent appelé droit à l'oubli) ?",
        "Demander à un moteur de recherche de ne plus afficher certains résultats liés à son nom",
        ["Effacer tout Internet", "Supprimer le compte d'une autre personne", "Changer de nom"],
        "Le contenu n'est pas forcément supprimé du site, mais il n'apparaît plus dans les "
        "résultats de recherche sur votre nom.",
    ),
    qcu(
        "2.4",
        "economieNumerique",
        2,
        "Un service en ligne est gratuit et financé par la publicité. Que fournit souvent "
        "l'utilisateur en échange ?",
        "Ses données, qui servent à cibler la publicité",
        ["Rien du tout", "Une partie de son argent de poche", "Son ordinateur"],
        "« Si c'est gratuit, c'est vous le produit » : vos données et votre attention ont une "
        "valeur.",
        en=En(
            "An online service is free and funded by advertising. What does the user often "
            "give in return?",
            "Their data, used to target advertising",
            ["Nothing at all", "Part of their pocket money", "Their computer"],
            "“If it is free, you are the product”: your data and attention have value.",
        ),
    ),
    qcu(
        "2.4",
        "economieNumerique",
        4,
        "Un influenceur présente un produit qu'une marque lui a payé pour en parler. Que doit-il "
        "indiquer selon la loi française ?",
        "Qu'il s'agit d'une collaboration commerciale",
        ["Rien, c'est son avis personnel", "Le prix qu'il a reçu", "Son adresse postale"],
        "La mention « publicité » ou « collaboration commerciale » est obligatoire.",
    ),
    qcu(
        "2.4",
        "economieNumerique",
        5,
        "Un jeu mobile gratuit vend des objets virtuels. Comment appelle-t-on ce modèle "
        "économique ?",
        "Le freemium (gratuit avec achats intégrés)",
        ["Le logiciel libre", "L'abonnement obligatoire", "Le domaine public"],
        "Le jeu de base est gratuit ; les revenus viennent des achats dans le jeu.",
    ),
    qcu(
        "2.4",
        "economieNumerique",
        4,
        "Un site marchand affiche « plus que 2 articles en stock, 14 personnes regardent ce "
        "produit ». Quel est le but de ce message ?",
        "Pousser à acheter vite en créant un sentiment d'urgence",
        [
            "Informer sur les délais de livraison",
            "Protéger les données du client",
            "Réduire le prix",
        ],
        "L'urgence, vraie ou fausse, pousse à décider sans réfléchir.",
    ),
    qcm(
        "2.4",
        "economieNumerique",
        6,
        "Quelles pratiques sont des « interfaces truquées » (dark patterns) ?",
        [
            "Un bouton « Refuser » beaucoup moins visible que « Accepter »",
            "Un abonnement facile à prendre mais difficile à résilier",
        ],
        ["Un bouton « Annuler » clair à chaque étape", "Un récapitulatif du prix avant paiement"],
        "Ces interfaces orientent vos choix contre votre intérêt ; le droit européen en "
        "interdit plusieurs.",
    ),
    qcu(
        "2.4",
        "algorithmes",
        3,
        "Pourquoi deux personnes voient-elles des fils d'actualité différents sur le même réseau "
        "social ?",
        "Un algorithme choisit les contenus selon les habitudes de chacun",
        [
            "Les réseaux sociaux tirent les contenus au hasard",
            "Ils n'ont pas la même langue",
            "Leurs écrans n'ont pas la même taille",
        ],
        "Les recommandations se fondent sur ce que chacun a regardé, aimé ou partagé.",
    ),
    qcu(
        "2.4",
        "algorithmes",
        4,
        "Qu'appelle-t-on une « bulle de filtres » ?",
        "Le fait de voir surtout des contenus qui confirment ses goûts et ses opinions",
        ["Un filtre photo", "Un antivirus de messagerie", "Un réglage de contrôle parental"],
        "En montrant ce qui nous plaît déjà, les algorithmes peuvent réduire la diversité de "
        "ce que l'on voit.",
    ),
    qcu(
        "2.4",
        "algorithmes",
        3,
        "Qu'est-ce qu'un « bot » sur un réseau social ?",
        "Un compte automatisé, piloté par un programme",
        ["Un modérateur humain", "Un compte vérifié", "Un message privé"],
        "Les bots peuvent publier en masse et gonfler artificiellement la popularité d'un contenu.",
    ),
    qcu(
        "2.4",
        "algorithmes",
        6,
        "Qu'est-ce que la neutralité du net ?",
        "Le principe selon lequel les fournisseurs d'accès traitent tous les flux de données de "
        "la même façon",
        [
            "L'interdiction de la publicité en ligne",
            "L'obligation pour les sites d'être gratuits",
            "Le fait que les moteurs de recherche n'aient pas d'opinion",
        ],
        "Un fournisseur d'accès ne doit pas ralentir ni favoriser un service plutôt qu'un autre.",
    ),
    qcu(
        "2.4",
        "citoyennete",
        1,
        "Les règles de respect s'appliquent-elles en ligne ?",
        "Oui, insultes et harcèlement en ligne sont punis par la loi comme ailleurs",
        [
            "Non, Internet est une zone sans loi",
            "Seulement sur les sites officiels",
            "Seulement pour les adultes",
        ],
        "Ce qui est interdit hors ligne l'est aussi en ligne, pseudonyme ou pas.",
    ),
    qcu(
        "2.4",
        "citoyennete",
        2,
        "Quel site public permet de s'informer sur ses droits et de faire des démarches "
        "administratives en ligne ?",
        "service-public.fr",
        ["wikipedia.org", "leboncoin.fr", "youtube.com"],
        "service-public.fr est le site officiel de l'administration française.",
    ),
    qcu(
        "2.4",
        "citoyennete",
        3,
        "Que signifie « CGU » au moment de l'inscription à un service en ligne ?",
        "Conditions générales d'utilisation",
        ["Code général de l'Union", "Contrôle gratuit des usagers", "Compte garanti unique"],
        "Les CGU sont les règles du service ; les accepter vous engage.",
    ),
    qcu(
        "2.4",
        "citoyennete",
        5,
        "À quoi sert FranceConnect ?",
        "À se connecter à de nombreux services publics avec un compte que l'on a déjà",
        [
            "À obtenir une connexion Internet gratuite",
            "À signaler un contenu illicite",
            "À créer une adresse électronique",
        ],
        "Un seul compte reconnu (impots.gouv.fr, l'Assurance maladie…) ouvre l'accès à "
        "d'autres services publics.",
    ),
    qcu(
        "2.4",
        "citoyennete",
        6,
        "Que désigne l'expression « fracture numérique » ?",
        "Les inégalités d'accès au numérique et de maîtrise de ses usages",
        ["Une panne du réseau mondial", "Un écran de téléphone cassé", "Une faille de sécurité"],
        "Équipement, connexion, compétences : ces inégalités ont des effets sur l'accès aux "
        "droits et aux études.",
    ),
    qcu(
        "2.4",
        "metiersNumerique",
        5,
        "Quel métier conçoit la navigation d'un site ou d'une application pour qu'elle soit "
        "simple à utiliser ?",
        "Designer UX (expérience utilisateur)",
        ["Administrateur réseau", "Technicien de maintenance", "Rédacteur juridique"],
        "Le ou la designer UX étudie les usages et teste les interfaces avec des utilisateurs.",
    ),
]

ITEMS = ITEMS_2_1 + ITEMS_2_2 + ITEMS_2_3 + ITEMS_2_4
