"""Domain 3, Création de contenus: 3.1 text documents, 3.2 multimedia, 3.3 adapt documents,
3.4 programming."""

from __future__ import annotations

from demo_bank.kit import EXACT, NO_TYPOS, En, dep, ind, num, qcm, qcu, qroc

ITEMS_3_1 = [
    qcu(
        "3.1",
        "saisieTexte",
        1,
        "Que fait le raccourci Ctrl + Z dans la plupart des logiciels ?",
        "Il annule la dernière action",
        ["Il enregistre le fichier", "Il ferme la fenêtre", "Il imprime le document"],
        "Ctrl + Z annule ; Ctrl + Y (ou Ctrl + Maj + Z) rétablit.",
        timer=30,
        en=En(
            "What does the shortcut Ctrl + Z do in most software?",
            "It undoes the last action",
            ["It saves the file", "It closes the window", "It prints the document"],
            "Ctrl + Z undoes; Ctrl + Y (or Ctrl + Shift + Z) redoes.",
        ),
    ),
    qcu(
        "3.1",
        "saisieTexte",
        1,
        "Dans un traitement de texte, quelle touche termine un paragraphe et en commence un "
        "nouveau ?",
        "Entrée",
        ["Espace", "Tabulation", "Échap"],
        "Entrée crée un nouveau paragraphe ; le texte revient à la ligne tout seul à l'intérieur "
        "d'un paragraphe.",
    ),
    qcu(
        "3.1",
        "saisieTexte",
        2,
        "Quel raccourci met le texte sélectionné en gras dans un traitement de texte en français ?",
        "Ctrl + G",
        ["Ctrl + I", "Ctrl + P", "Ctrl + Z"],
        "Ctrl + G : gras ; Ctrl + I : italique ; Ctrl + P : imprimer.",
        timer=30,
    ),
    ind(
        "3.1",
        "saisieTexte",
        2,
        "Donnez le raccourci clavier (sous Windows ou Linux) pour…",
        [
            ("copier", "…copier la sélection", ["Ctrl + C"]),
            ("coller", "…coller", ["Ctrl + V"]),
        ],
        "Ctrl + C copie, Ctrl + X coupe, Ctrl + V colle. Sur Mac, Cmd remplace Ctrl.",
        treatments=NO_TYPOS,
        focused=True,
        en=En(
            "Give the keyboard shortcut (on Windows or Linux) to…",
            labels=["…copy the selection", "…paste"],
            feedback="Ctrl + C copies, Ctrl + X cuts, Ctrl + V pastes. On a Mac, Cmd replaces "
            "Ctrl.",
        ),
    ),
    qcu(
        "3.1",
        "outilsEdition",
        2,
        "Que permet la fonction « Rechercher et remplacer » ?",
        "Remplacer partout un mot par un autre en une seule opération",
        [
            "Trouver un fichier sur l'ordinateur",
            "Traduire un texte",
            "Remplacer la police du document",
        ],
        "Pratique pour corriger un nom mal orthographié dans tout un document.",
    ),
    qcu(
        "3.1",
        "outilsEdition",
        2,
        "Quelle différence y a-t-il entre « Enregistrer » et « Enregistrer sous » ?",
        "« Enregistrer sous » permet de choisir un autre nom, emplacement ou format",
        [
            "Aucune",
            "« Enregistrer » crée toujours une copie",
            "« Enregistrer sous » imprime le document",
        ],
        "« Enregistrer sous » crée un nouveau fichier ; l'original reste tel qu'il était.",
    ),
    qcu(
        "3.1",
        "correction",
        1,
        "Dans un traitement de texte, que signale un mot souligné d'une vague rouge ?",
        "Une faute d'orthographe possible",
        ["Un lien", "Un mot protégé", "Un mot supprimé"],
        "Le correcteur ne connaît pas ce mot : vérifiez-le, il peut aussi s'agir d'un nom propre.",
    ),
    qcu(
        "3.1",
        "correction",
        3,
        "Le correcteur d'orthographe ne souligne rien. Le texte est-il sans faute ?",
        "Pas forcément : il ne repère pas toutes les erreurs, par exemple certains homophones",
        [
            "Oui, toujours",
            "Oui, s'il est écrit en français",
            "Non, il ne vérifie que les majuscules",
        ],
        "« Ils sont allé a la mer » : des erreurs d'accord ou d'homophones peuvent échapper au "
        "correcteur. Relisez-vous.",
    ),
    qcm(
        "3.1",
        "correction",
        4,
        "En typographie française, devant quels signes met-on une espace ?",
        ["Le point d'exclamation « ! »", "Le deux-points « : »", "Le point-virgule « ; »"],
        ["Le point « . »", "La virgule « , »"],
        "Les signes doubles (! ? : ;) sont précédés d'une espace (fine) insécable ; le point et "
        "la virgule, non.",
    ),
    qcu(
        "3.1",
        "correction",
        5,
        "Quel caractère empêche que « 20 » et « km » se retrouvent sur deux lignes différentes ?",
        "Une espace insécable",
        ["Une tabulation", "Un saut de ligne", "Un tiret"],
        "L'espace insécable (Ctrl + Maj + Espace dans beaucoup de logiciels) lie le nombre et "
        "son unité.",
    ),
    qcu(
        "3.1",
        "stylesTitres",
        3,
        "Pourquoi appliquer le style « Titre 1 » plutôt que mettre le texte en gras et plus "
        "grand à la main ?",
        "Le document garde sa structure : sommaire automatique et navigation par titres",
        [
            "Le texte s'imprime plus vite",
            "Le fichier devient plus léger",
            "Le titre ne peut plus être modifié",
        ],
        "Les styles décrivent le rôle du texte ; la mise en forme suit, et les lecteurs "
        "d'écran annoncent les titres.",
    ),
    qcu(
        "3.1",
        "stylesTitres",
        4,
        "Comment obtenir une table des matières qui se met à jour automatiquement ?",
        "Appliquer des styles de titres, puis insérer une table des matières",
        [
            "La taper à la main",
            "Copier les titres dans un tableau",
            "Numéroter les pages à la main",
        ],
        "La table est construite à partir des styles de titres ; un clic la met à jour.",
    ),
    qcu(
        "3.1",
        "stylesTitres",
        5,
        "Dans un long rapport, comment changer d'un coup la police de tous les titres de "
        "niveau 2 ?",
        "Modifier le style « Titre 2 »",
        [
            "Sélectionner chaque titre un par un",
            "Changer la police par défaut de l'ordinateur",
            "Utiliser le correcteur",
        ],
        "Modifier un style change tout le texte qui l'utilise.",
    ),
    qcu(
        "3.1",
        "stylesTitres",
        5,
        "À quoi sert le panneau de navigation (ou mode plan) dans un long document ?",
        "À voir la structure des titres, s'y déplacer et la réorganiser",
        [
            "À afficher le document en deux colonnes",
            "À vérifier l'orthographe",
            "À compter les mots",
        ],
        "Il s'appuie sur les styles de titres : encore une raison de les utiliser.",
    ),
    qcu(
        "3.1",
        "miseEnPage",
        2,
        "Dans une liste numérotée automatique, vous insérez un élément au milieu. Que se "
        "passe-t-il ?",
        "Les numéros suivants se décalent automatiquement",
        [
            "Il faut renuméroter à la main",
            "La liste devient une liste à puces",
            "Le nouvel élément n'a pas de numéro",
        ],
        "C'est tout l'intérêt de la numérotation automatique.",
    ),
    qcu(
        "3.1",
        "miseEnPage",
        3,
        "Pour commencer un nouveau chapitre en haut de la page suivante, que faut-il insérer ?",
        "Un saut de page",
        ["Plusieurs retours à la ligne", "Une tabulation", "Une espace insécable"],
        "Avec des retours à la ligne, la moindre modification décale le chapitre ; le saut de "
        "page, lui, tient.",
    ),
    qcu(
        "3.1",
        "miseEnPage",
        3,
        "Où insérer le numéro de page pour qu'il apparaisse en bas de chaque page ?",
        "Dans le pied de page, avec un champ « numéro de page »",
        ["À la main en bas de chaque page", "Dans le titre du document", "Dans le nom du fichier"],
        "Le pied de page se répète sur chaque page et le champ se met à jour tout seul.",
    ),
    qcu(
        "3.1",
        "miseEnPage",
        4,
        "Comment ajouter une précision qui apparaît en bas de la page, avec un numéro d'appel "
        "dans le texte ?",
        "Insérer une note de bas de page",
        ["Insérer un commentaire", "Insérer un en-tête", "Insérer un saut de section"],
        "La note de bas de page est numérotée automatiquement.",
    ),
    qcu(
        "3.1",
        "miseEnPage",
        6,
        "Comment mettre une seule page d'un document en orientation paysage ?",
        "Appliquer à cette page un style de page (ou une section) en paysage",
        ["Tourner l'écran", "Réduire la taille de la police", "Insérer une image tournée"],
        "L'orientation est une propriété de la page : il faut un style de page ou une section "
        "à part.",
    ),
    qcu(
        "3.1",
        "impression",
        6,
        "À quoi sert le publipostage dans un traitement de texte ?",
        "À produire une lettre personnalisée pour chaque ligne d'une liste (noms, adresses…)",
        [
            "À publier un document sur un blog",
            "À envoyer un courrier par la poste",
            "À convertir un document en PDF",
        ],
        "On écrit la lettre une fois, avec des champs remplis depuis un tableau de données.",
    ),
    num(
        "3.1",
        "impression",
        4,
        "Un rapport de 15 pages est imprimé recto verso, 2 pages par face. Combien de feuilles "
        "de papier faut-il ?",
        ["4"],
        "2 pages par face et 2 faces par feuille : 4 pages par feuille. 15 ÷ 4 = 3,75 : il faut "
        "4 feuilles.",
    ),
]

ITEMS_3_2 = [
    qcu(
        "3.2",
        "imageNumerique",
        1,
        "Comment s'appellent les petits points qui composent une image numérique ?",
        "Des pixels",
        ["Des octets", "Des polices", "Des vecteurs"],
        "Pixel vient de « picture element » : chaque point a sa couleur.",
        en=En(
            "What are the tiny dots that make up a digital image called?",
            "Pixels",
            ["Bytes", "Fonts", "Vectors"],
            "Pixel comes from “picture element”: each dot has its own colour.",
        ),
    ),
    num(
        "3.2",
        "imageNumerique",
        2,
        "Une image mesure 800 pixels de large et 600 pixels de haut. Combien de pixels "
        "contient-elle ?",
        ["480000"],
        "800 × 600 = 480 000 pixels.",
        en=En(
            "An image is 800 pixels wide and 600 pixels high. How many pixels does it hold?",
            feedback="800 × 600 = 480,000 pixels.",
        ),
    ),
    qcu(
        "3.2",
        "imageNumerique",
        2,
        "Vous agrandissez beaucoup une petite photo JPEG. Que se passe-t-il ?",
        "Elle devient floue ou pixelisée",
        ["Elle devient plus nette", "Elle change de format", "Rien ne change"],
        "Agrandir n'ajoute pas d'information : les pixels existants sont étirés.",
    ),
    ind(
        "3.2",
        "imageNumerique",
        3,
        "Une image fait 1 200 × 900 pixels. On la réduit de moitié dans chaque dimension. "
        "Quelles sont sa nouvelle largeur et sa nouvelle hauteur, en pixels ?",
        [
            ("largeur", "Largeur", ["600", "600 px", "600 pixels"]),
            ("hauteur", "Hauteur", ["450", "450 px", "450 pixels"]),
        ],
        "1 200 ÷ 2 = 600 et 900 ÷ 2 = 450 : l'image a alors quatre fois moins de pixels.",
        treatments=NO_TYPOS,
        en=En(
            "An image is 1,200 × 900 pixels. It is halved in each dimension. What are its new "
            "width and height, in pixels?",
            labels=["Width", "Height"],
            feedback="1,200 ÷ 2 = 600 and 900 ÷ 2 = 450: the image now has four times fewer "
            "pixels.",
        ),
    ),
    qcu(
        "3.2",
        "imageNumerique",
        4,
        "Quelle différence y a-t-il entre une image matricielle et une image vectorielle ?",
        "L'image vectorielle est décrite par des formes et s'agrandit sans perte de netteté",
        [
            "L'image matricielle est toujours en noir et blanc",
            "L'image vectorielle est toujours une photo",
            "Aucune, ce sont deux noms du même format",
        ],
        "Une photo est matricielle (pixels) ; un logo en SVG est vectoriel (formes).",
    ),
    qcu(
        "3.2",
        "imageNumerique",
        5,
        "Vous recadrez une photo pour n'en garder que le centre. Que devient sa définition ?",
        "Elle diminue : il reste moins de pixels",
        ["Elle augmente", "Elle ne change pas", "Elle double"],
        "Recadrer supprime des pixels sur les bords ; la définition (largeur × hauteur) baisse.",
    ),
    qcu(
        "3.2",
        "formatsMedia",
        1,
        "Lequel de ces formats est un format audio ?",
        "MP3",
        ["PNG", "CSV", "HTML"],
        "MP3 : son ; PNG : image ; CSV : données ; HTML : page web.",
        en=En(
            "Which of these formats is an audio format?",
            "MP3",
            ["PNG", "CSV", "HTML"],
            "MP3: sound; PNG: image; CSV: data; HTML: web page.",
        ),
    ),
    qcu(
        "3.2",
        "formatsMedia",
        3,
        "Quel format d'image gère la transparence et convient bien à un logo ?",
        "PNG",
        ["JPEG", "MP3", "TXT"],
        "PNG compresse sans perte et gère la transparence ; JPEG convient aux photos.",
        en=En(
            "Which image format supports transparency and suits a logo?",
            "PNG",
            ["JPEG", "MP3", "TXT"],
            "PNG compresses without loss and supports transparency; JPEG suits photos.",
        ),
    ),
    qcu(
        "3.2",
        "formatsMedia",
        4,
        "Lequel de ces formats d'image est vectoriel ?",
        "SVG",
        ["JPEG", "PNG", "BMP"],
        "SVG décrit l'image par des formes géométriques en texte (XML).",
        en=En(
            "Which of these image formats is a vector format?",
            "SVG",
            ["JPEG", "PNG", "BMP"],
            "SVG describes the image with geometric shapes written as text (XML).",
        ),
    ),
    qcu(
        "3.2",
        "formatsMedia",
        5,
        "La compression JPEG est dite « avec perte ». Qu'est-ce que cela signifie ?",
        "Une partie de l'information est supprimée définitivement pour réduire la taille",
        [
            "Le fichier peut se perdre plus facilement",
            "Les couleurs sont toutes supprimées",
            "La compression peut être annulée sans rien perdre",
        ],
        "Chaque nouvel enregistrement en JPEG peut dégrader un peu plus l'image.",
    ),
    dep(
        "3.2",
        "formatsMedia",
        5,
        "Citez deux formats d'image matricielle courants (leur extension, sans le point).",
        ["Premier format", "Second format"],
        ["jpg", "png", "gif", "bmp", "webp", "tiff"],
        "JPG (ou JPEG), PNG, GIF, BMP, WEBP et TIFF sont des formats matriciels ; SVG est "
        "vectoriel.",
        expected=2,
    ),
    qcu(
        "3.2",
        "formatsMedia",
        6,
        "Qu'est-ce qu'un codec vidéo (H.264, AV1…) ?",
        "Une méthode de compression et de décompression de la vidéo",
        ["Un câble de connexion", "Un logiciel de montage", "Un type d'écran"],
        "Le codec réduit fortement le poids de la vidéo ; le lecteur doit le connaître pour la "
        "lire.",
    ),
    qcu(
        "3.2",
        "couleurs",
        4,
        "Dans le codage des couleurs RVB (RGB), quelle couleur donne (255, 0, 0) ?",
        "Rouge",
        ["Vert", "Bleu", "Noir"],
        "Les trois nombres sont les quantités de rouge, vert et bleu, de 0 à 255.",
        en=En(
            "In RGB colour coding, which colour is (255, 0, 0)?",
            "Red",
            ["Green", "Blue", "Black"],
            "The three numbers are the amounts of red, green and blue, from 0 to 255.",
        ),
    ),
    qroc(
        "3.2",
        "couleurs",
        6,
        "En notation hexadécimale #RRVVBB, quel code correspond au blanc ?",
        ["#FFFFFF", "FFFFFF", "#FFF"],
        "Blanc = rouge, vert et bleu au maximum : 255 = FF en hexadécimal, donc #FFFFFF.",
        treatments=EXACT,
        label="Code couleur",
        en=En(
            "In #RRGGBB hexadecimal notation, what is the code for white?",
            labels=["Colour code"],
            feedback="White = red, green and blue at their maximum: 255 = FF in hexadecimal, "
            "so #FFFFFF.",
        ),
    ),
    num(
        "3.2",
        "poidsMedia",
        5,
        "Une photo non compressée de 1 000 × 1 000 pixels utilise 3 octets par pixel. Quelle est "
        "sa taille en mégaoctets (1 Mo = 1 000 000 octets) ?",
        ["3"],
        "1 000 000 pixels × 3 octets = 3 000 000 octets = 3 Mo.",
        en=En(
            "An uncompressed 1,000 × 1,000 pixel photo uses 3 bytes per pixel. What is its size "
            "in megabytes (1 MB = 1,000,000 bytes)?",
            feedback="1,000,000 pixels × 3 bytes = 3,000,000 bytes = 3 MB.",
        ),
    ),
    num(
        "3.2",
        "poidsMedia",
        4,
        "Une vidéo dure 2 minutes à 25 images par seconde. Combien d'images contient-elle ?",
        ["3000"],
        "2 minutes = 120 secondes ; 120 × 25 = 3 000 images.",
        timer=90,
    ),
    num(
        "3.2",
        "poidsMedia",
        6,
        "Un son est numérisé en mono à 44 100 échantillons par seconde, chaque échantillon sur "
        "2 octets. Combien d'octets occupent 10 secondes de son ?",
        ["882000"],
        "44 100 × 2 × 10 = 882 000 octets, avant toute compression.",
        focused=True,
    ),
    qcu(
        "3.2",
        "poidsMedia",
        4,
        "Pour réduire le poids d'une vidéo avant de l'envoyer, quelle action est efficace ?",
        "Réduire sa définition, par exemple de 1080p à 720p",
        ["La renommer", "Changer son icône", "La copier dans un autre dossier"],
        "Moins de pixels par image, c'est moins de données à stocker et à envoyer.",
    ),
    qcu(
        "3.2",
        "poidsMedia",
        3,
        "Qu'indique la définition « 1920 × 1080 » d'une vidéo ?",
        "Le nombre de pixels en largeur et en hauteur de chaque image",
        [
            "La durée de la vidéo en secondes",
            "Le nombre d'images par seconde",
            "La taille du fichier en ko",
        ],
        "1 920 pixels de large, 1 080 de haut : c'est la « Full HD ».",
    ),
    qcu(
        "3.2",
        "diaporama",
        1,
        "Quel logiciel est fait pour créer un diaporama ?",
        "Un logiciel de présentation (Impress, PowerPoint…)",
        ["Un tableur", "Un navigateur", "Un antivirus"],
        "Le logiciel de présentation organise le contenu en diapositives projetables.",
    ),
    qcm(
        "3.2",
        "diaporama",
        3,
        "Quelles pratiques rendent une diapositive plus facile à lire pour le public ?",
        ["Peu de texte", "De gros caractères", "Un bon contraste entre le texte et le fond"],
        ["Un paragraphe entier en petite police", "Une animation sur chaque mot"],
        "Le public écoute l'orateur : la diapositive ne doit montrer que l'essentiel.",
    ),
    qcu(
        "3.2",
        "diaporama",
        4,
        "À quoi sert le mode « présentateur » d'un logiciel de diaporama ?",
        "À voir ses notes et la diapositive suivante pendant que le public ne voit que la "
        "diapositive en cours",
        [
            "À présenter sans ordinateur",
            "À enregistrer le diaporama en vidéo",
            "À empêcher le public de voir les diapositives",
        ],
        "Il faut deux écrans (par exemple l'ordinateur et le vidéoprojecteur).",
    ),
]

ITEMS_3_3 = [
    qcu(
        "3.3",
        "formatsDiffusion",
        2,
        "Vous rendez un devoir qui doit s'afficher à l'identique chez le professeur, sans "
        "pouvoir être modifié par erreur. Quel format choisir ?",
        "PDF",
        ["ODT", "TXT", "Une capture d'écran en JPEG"],
        "Le PDF fige la mise en page et s'ouvre partout.",
        en=En(
            "You hand in homework that must look exactly the same on the teacher's computer "
            "and not be changed by mistake. Which format do you choose?",
            "PDF",
            ["ODT", "TXT", "A screenshot in JPEG"],
            "PDF freezes the layout and opens everywhere.",
        ),
    ),
    qcu(
        "3.3",
        "formatsDiffusion",
        1,
        "Vous envoyez une photo à un ami par messagerie. Quel format convient le mieux ?",
        "JPEG",
        ["DOCX", "CSV", "ODS"],
        "Le JPEG est le format courant des photos, léger et lisible partout.",
    ),
    qcu(
        "3.3",
        "formatsDiffusion",
        3,
        "Un camarade doit modifier votre exposé mais n'a pas le même logiciel que vous. Quel "
        "format lui envoyer ?",
        "ODT, un format ouvert et modifiable",
        ["PDF", "Une capture d'écran PNG", "Une photo du document imprimé"],
        "Un format ouvert se modifie avec de nombreux logiciels, gratuits compris.",
    ),
    qcu(
        "3.3",
        "formatsDiffusion",
        4,
        "Quel format choisir pour échanger un tableau de données avec n'importe quel autre "
        "logiciel ?",
        "CSV",
        ["PDF", "PNG", "MP4"],
        "Le CSV est du texte simple, une ligne par enregistrement : tous les tableurs et "
        "beaucoup de logiciels le lisent.",
        en=En(
            "Which format do you choose to exchange a data table with any other software?",
            "CSV",
            ["PDF", "PNG", "MP4"],
            "CSV is plain text, one line per record: every spreadsheet and many programs read it.",
        ),
    ),
    ind(
        "3.3",
        "formatsDiffusion",
        5,
        "Donnez l'extension (sans le point) du format OpenDocument pour…",
        [
            ("texte", "…un texte de traitement de texte", ["odt"]),
            ("calcul", "…une feuille de calcul", ["ods"]),
            ("presentation", "…une présentation", ["odp"]),
        ],
        "OpenDocument : .odt (texte), .ods (calcul, « spreadsheet »), .odp (présentation).",
        treatments=NO_TYPOS,
        timer=90,
        en=En(
            "Give the extension (without the dot) of the OpenDocument format for…",
            labels=["…a word-processing text", "…a spreadsheet", "…a presentation"],
            feedback="OpenDocument: .odt (text), .ods (spreadsheet), .odp (presentation).",
        ),
    ),
    qcu(
        "3.3",
        "formatsDiffusion",
        6,
        "Vous voulez réutiliser dans un tableur un tableau publié dans un PDF. Quelle démarche "
        "est la plus fiable ?",
        "Demander les données d'origine (tableur ou CSV) à l'auteur",
        [
            "Faire une capture d'écran et la coller dans le tableur",
            "Recopier les chiffres de mémoire",
            "Renommer le fichier .pdf en .ods",
        ],
        "Repartir des données sources évite les erreurs de copie ; changer l'extension ne "
        "convertit rien.",
    ),
    qcu(
        "3.3",
        "accessibiliteDocument",
        2,
        "Pourquoi ajouter un texte alternatif à une image dans un document ?",
        "Pour qu'une personne aveugle, avec un lecteur d'écran, sache ce que montre l'image",
        [
            "Pour réduire le poids de l'image",
            "Pour empêcher de la copier",
            "Pour changer sa couleur",
        ],
        "Le lecteur d'écran lit le texte alternatif à la place de l'image.",
        en=En(
            "Why add alternative text to an image in a document?",
            "So that a blind person using a screen reader knows what the image shows",
            ["To make the image lighter", "To prevent copying it", "To change its colour"],
            "The screen reader reads the alternative text instead of the image.",
        ),
    ),
    qcu(
        "3.3",
        "lisibilite",
        1,
        "Quelle combinaison de couleurs est la plus lisible pour un texte ?",
        "Texte noir sur fond blanc",
        [
            "Texte jaune clair sur fond blanc",
            "Texte rouge sur fond vert",
            "Texte gris clair sur fond gris",
        ],
        "Un fort contraste entre le texte et le fond aide tout le monde à lire.",
    ),
    qcu(
        "3.3",
        "lisibilite",
        1,
        "Un texte est trop petit à l'écran. Que pouvez-vous faire pour le lire plus facilement ?",
        "Zoomer, par exemple avec Ctrl et +",
        ["Baisser la luminosité", "Fermer la fenêtre", "Changer de fond d'écran"],
        "Ctrl et + agrandit, Ctrl et − réduit, Ctrl et 0 revient à 100 %.",
        en=En(
            "A text is too small on screen. What can you do to read it more easily?",
            "Zoom in, for example with Ctrl and +",
            ["Lower the brightness", "Close the window", "Change the wallpaper"],
            "Ctrl and + enlarges, Ctrl and − shrinks, Ctrl and 0 goes back to 100 %.",
        ),
    ),
    qcu(
        "3.3",
        "accessibiliteDocument",
        2,
        "Qu'est-ce qu'un lecteur d'écran ?",
        "Un logiciel qui lit à voix haute, ou affiche en braille, le contenu de l'écran",
        [
            "Un écran spécial pour lire les PDF",
            "Une loupe posée sur l'écran",
            "Un logiciel qui lit les codes-barres",
        ],
        "NVDA, JAWS, VoiceOver ou Orca permettent aux personnes aveugles d'utiliser un ordinateur.",
    ),
    qcu(
        "3.3",
        "lisibilite",
        3,
        "Pour des élèves dyslexiques notamment, quelle mise en forme facilite la lecture à "
        "l'écran ?",
        "Une police sans empattement, assez grande, avec un interligne aéré",
        [
            "Une police manuscrite",
            "Une police très serrée en italique",
            "Tout le texte en majuscules",
        ],
        "Des lettres simples, de la taille et de l'espace rendent le texte plus lisible pour tous.",
    ),
    qcu(
        "3.3",
        "lisibilite",
        4,
        "Un document indique « les élèves en rouge sont absents ». Pourquoi est-ce un problème "
        "d'accessibilité ?",
        "Les personnes qui distinguent mal les couleurs ou qui utilisent un lecteur d'écran "
        "n'ont pas l'information",
        [
            "Le rouge s'imprime mal",
            "Le rouge est interdit dans les documents officiels",
            "Ce n'est pas un problème",
        ],
        "Une information ne doit jamais passer par la couleur seule : ajoutez un mot ou un "
        "symbole.",
    ),
    qcu(
        "3.3",
        "accessibiliteDocument",
        4,
        "Quel intitulé de lien est le plus accessible ?",
        "« Télécharger le règlement intérieur (PDF, 200 ko) »",
        ["« Cliquez ici »", "« Lien »", "« https://lycee.example/doc?id=4821 »"],
        "Un lecteur d'écran peut lister les liens seuls : chaque intitulé doit se comprendre "
        "hors contexte.",
    ),
    qcu(
        "3.3",
        "accessibiliteDocument",
        5,
        "Dans un tableau de données, pourquoi déclarer la première ligne comme ligne d'en-tête ?",
        "Pour que les lecteurs d'écran annoncent le titre de la colonne de chaque cellule",
        ["Pour qu'elle soit imprimée en couleur", "Pour empêcher le tri", "Pour la cacher"],
        "Elle se répète aussi en haut de chaque page lorsque le tableau est long.",
    ),
    qcu(
        "3.3",
        "accessibiliteDocument",
        5,
        "Une image purement décorative (un trait de séparation) se trouve dans une page web. "
        "Quel texte alternatif lui donner ?",
        "Un texte alternatif vide, pour que le lecteur d'écran l'ignore",
        ["« image »", "Le nom du fichier", "Une description détaillée du trait"],
        "Décrire les décorations ferait perdre du temps aux utilisateurs de lecteurs d'écran.",
    ),
    qcu(
        "3.3",
        "lisibilite",
        6,
        "Un PDF obtenu en scannant une feuille de papier est-il lisible par un lecteur d'écran ?",
        "Non, sauf si on y applique une reconnaissance de caractères (OCR)",
        ["Oui, toujours", "Oui, s'il est en couleur", "Non, aucun PDF ne l'est"],
        "Sans OCR, le PDF ne contient qu'une image de la page, sans texte à lire.",
    ),
    qcu(
        "3.3",
        "accessibiliteDocument",
        6,
        "Pourquoi exporter un PDF « balisé » plutôt qu'un PDF simple ?",
        "Il garde la structure (titres, ordre de lecture, textes alternatifs) pour les "
        "technologies d'assistance",
        ["Il est plus léger", "Il ne peut pas être imprimé", "Il s'ouvre sans logiciel"],
        "Le balisage décrit le rôle de chaque élément ; cochez l'option à l'export.",
    ),
    qcu(
        "3.3",
        "adapterPublic",
        2,
        "Vous devez imprimer un document de 12 pages en économisant le papier. Quel réglage "
        "choisir ?",
        "L'impression recto verso",
        ["L'impression en couleur", "L'impression en haute qualité", "Une copie par page"],
        "Le recto verso divise le papier par deux ; 2 pages par face le divise encore.",
    ),
    qcm(
        "3.3",
        "adapterPublic",
        2,
        "Dans une vidéo publiée en ligne, à quoi servent les sous-titres ?",
        [
            "À rendre la vidéo accessible aux personnes sourdes ou malentendantes",
            "À comprendre la vidéo sans le son, par exemple dans un lieu bruyant",
        ],
        ["À réduire le poids de la vidéo", "À protéger la vidéo contre la copie"],
        "Les sous-titres servent aussi à suivre une vidéo dans une langue étrangère.",
    ),
    qcu(
        "3.3",
        "adapterPublic",
        3,
        "Vous préparez une affiche à imprimer en grand format. Quelle image choisir ?",
        "Une image en haute définition, ou vectorielle",
        [
            "Une miniature de 100 × 100 pixels",
            "Une capture d'écran floue",
            "Une image en très basse qualité",
        ],
        "Imprimée en grand, une petite image apparaît pixelisée.",
    ),
    num(
        "3.3",
        "adapterPublic",
        6,
        "Une affiche doit être imprimée à 300 points par pouce. Elle mesure 11,7 pouces de "
        "large. Combien de pixels de large doit faire l'image ?",
        ["3510"],
        "11,7 × 300 = 3 510 pixels.",
    ),
    qcu(
        "3.3",
        "adapterPublic",
        5,
        "Une vidéo démarre automatiquement avec le son sur un site. Pourquoi est-ce un problème "
        "d'accessibilité ?",
        "Le son couvre la voix du lecteur d'écran et gêne la navigation",
        [
            "La vidéo se charge plus lentement",
            "Le site consomme plus de batterie",
            "Ce n'est pas un problème",
        ],
        "Laissez l'utilisateur lancer le son : c'est une règle des référentiels d'accessibilité.",
    ),
]

ITEMS_3_4 = [
    qcu(
        "3.4",
        "algorithmique",
        1,
        "Qu'est-ce qu'un algorithme ?",
        "Une suite d'instructions précises pour résoudre un problème",
        ["Un virus informatique", "Un ordinateur très puissant", "Une langue étrangère"],
        "Une recette de cuisine est un algorithme : des étapes précises, dans un ordre donné.",
        en=En(
            "What is an algorithm?",
            "A sequence of precise instructions that solves a problem",
            ["A computer virus", "A very powerful computer", "A foreign language"],
            "A cooking recipe is an algorithm: precise steps, in a given order.",
        ),
    ),
    num(
        "3.4",
        "algorithmique",
        1,
        "Un robot part de la case 0 d'une ligne et exécute : avancer de 3, avancer de 2, reculer "
        "de 1. Sur quelle case arrive-t-il ?",
        ["4"],
        "0 + 3 + 2 − 1 = 4.",
        en=En(
            "A robot starts on square 0 of a line and runs: forward 3, forward 2, back 1. Which "
            "square does it reach?",
            feedback="0 + 3 + 2 − 1 = 4.",
        ),
    ),
    qcu(
        "3.4",
        "algorithmique",
        1,
        "Qu'est-ce qu'un bug ?",
        "Une erreur dans un programme qui produit un comportement inattendu",
        ["Un insecte dans l'ordinateur", "Une mise à jour", "Un logiciel gratuit"],
        "Chercher et corriger les bugs, c'est le débogage.",
    ),
    qcu(
        "3.4",
        "algorithmique",
        2,
        "Dans quel ordre un ordinateur exécute-t-il les instructions d'un programme ?",
        "Dans l'ordre où elles sont écrites, sauf quand une boucle ou une condition le modifie",
        ["Dans un ordre au hasard", "De la dernière à la première", "Toutes en même temps"],
        "Les structures de contrôle (boucles, conditions) sont ce qui change cet ordre.",
    ),
    qcu(
        "3.4",
        "algorithmique",
        4,
        "Un programme doit redemander un mot de passe tant qu'il est faux. Quelle structure "
        "utiliser ?",
        "Une boucle « tant que »",
        ["Une seule condition « si »", "Une variable sans boucle", "Une liste"],
        "On ne sait pas à l'avance combien d'essais il faudra : la boucle s'arrête quand la "
        "condition devient fausse.",
    ),
    num(
        "3.4",
        "algorithmique",
        6,
        "Dans une liste triée de 1 000 noms, une recherche par dichotomie élimine la moitié des "
        "noms restants à chaque étape. Combien d'étapes faut-il au plus pour trouver un nom ?",
        ["10"],
        "2 puissance 10 = 1 024 ≥ 1 000 : 10 divisions par deux suffisent.",
        focused=True,
    ),
    num(
        "3.4",
        "variables",
        2,
        "On exécute : x = 5, puis x = x + 3, puis x = x * 2. Que vaut x à la fin ?",
        ["16"],
        "x vaut 5, puis 8, puis 16 : chaque affectation remplace l'ancienne valeur.",
        en=En(
            "We run: x = 5, then x = x + 3, then x = x * 2. What is x at the end?",
            feedback="x is 5, then 8, then 16: each assignment replaces the old value.",
        ),
    ),
    qcu(
        "3.4",
        "variables",
        2,
        "Dans un programme, à quoi sert une variable ?",
        "À stocker une valeur qui peut changer pendant l'exécution",
        ["À afficher une image", "À relier l'ordinateur à Internet", "À arrêter le programme"],
        "Une variable a un nom et une valeur : score, vies, nom du joueur…",
    ),
    ind(
        "3.4",
        "variables",
        4,
        "Au départ, a = 4 et b = 7. On exécute : c = a, puis a = b, puis b = c. Que valent a et "
        "b à la fin ?",
        [("a", "Valeur de a", ["7"]), ("b", "Valeur de b", ["4"])],
        "c garde l'ancienne valeur de a (4) ; a prend 7 ; b reçoit 4. C'est l'échange de deux "
        "variables.",
        treatments=NO_TYPOS,
        en=En(
            "At the start, a = 4 and b = 7. We run: c = a, then a = b, then b = c. What are a "
            "and b at the end?",
            labels=["Value of a", "Value of b"],
            feedback="c keeps the old value of a (4); a gets 7; b gets 4. This swaps two "
            "variables.",
        ),
    ),
    num(
        "3.4",
        "variables",
        5,
        "Que vaut l'expression Python 7 // 2 ?",
        ["3"],
        "// est la division entière : 7 = 2 × 3 + 1, le quotient est 3 (et 7 % 2 vaut 1).",
        en=En(
            "What is the value of the Python expression 7 // 2?",
            feedback="// is integer division: 7 = 2 × 3 + 1, the quotient is 3 (and 7 % 2 is 1).",
        ),
    ),
    qroc(
        "3.4",
        "variables",
        6,
        'On exécute en Python : mot = "pixdesk" puis print(mot[0] + mot[-1]). Qu\'est-ce qui '
        "s'affiche ?",
        ["pk"],
        "mot[0] est le premier caractère (p), mot[-1] le dernier (k) ; + les met bout à bout.",
        treatments=NO_TYPOS,
        en=En(
            'We run in Python: word = "pixdesk" then print(word[0] + word[-1]). What is printed?',
            feedback="word[0] is the first character (p), word[-1] the last (k); + joins them.",
        ),
    ),
    num(
        "3.4",
        "boucles",
        2,
        "Un lutin exécute « répéter 4 fois : avancer de 10 pas ». De combien de pas avance-t-il "
        "en tout ?",
        ["40"],
        "4 répétitions de 10 pas : 40 pas.",
        en=En(
            "A sprite runs “repeat 4 times: move 10 steps”. How many steps does it move in all?",
            feedback="4 repetitions of 10 steps: 40 steps.",
        ),
    ),
    qcu(
        "3.4",
        "boucles",
        2,
        "Dans Scratch, quel bloc répète des instructions sans s'arrêter ?",
        "« répéter indéfiniment »",
        ["« si … alors »", "« attendre 1 secondes »", "« dire Bonjour ! »"],
        "« répéter indéfiniment » tourne jusqu'à l'arrêt du programme.",
    ),
    num(
        "3.4",
        "boucles",
        4,
        "Que vaut total à la fin de ce programme Python ? total = 0 puis "
        "for i in range(1, 5): total = total + i",
        ["10"],
        "range(1, 5) donne 1, 2, 3, 4 (5 est exclu) : 1 + 2 + 3 + 4 = 10.",
        en=En(
            "What is total at the end of this Python program? total = 0 then "
            "for i in range(1, 5): total = total + i",
            feedback="range(1, 5) gives 1, 2, 3, 4 (5 is excluded): 1 + 2 + 3 + 4 = 10.",
        ),
    ),
    num(
        "3.4",
        "boucles",
        5,
        "Combien de fois ce programme Python affiche-t-il « Bonjour » ? "
        'for i in range(2, 11, 2): print("Bonjour")',
        ["5"],
        "range(2, 11, 2) donne 2, 4, 6, 8, 10 : cinq tours de boucle.",
        timer=90,
    ),
    num(
        "3.4",
        "boucles",
        5,
        "Que vaut n à la fin de ce programme Python ? n = 1 puis while n < 50: n = n * 3",
        ["81"],
        "n prend les valeurs 1, 3, 9, 27, 81 ; la boucle s'arrête dès que n n'est plus inférieur "
        "à 50.",
    ),
    qcu(
        "3.4",
        "conditions",
        3,
        "Programme : si note >= 10 alors afficher « reçu » sinon afficher « ajourné ». "
        "Qu'affiche-t-il si note vaut 10 ?",
        "reçu",
        ["ajourné", "rien", "une erreur"],
        ">= signifie « supérieur ou égal » : 10 >= 10 est vrai.",
        en=En(
            "Program: if mark >= 10 then show “passed” else show “failed”. What does it show "
            "when mark is 10?",
            "passed",
            ["failed", "nothing", "an error"],
            ">= means “greater than or equal to”: 10 >= 10 is true.",
        ),
    ),
    qcu(
        "3.4",
        "conditions",
        5,
        'Quelle est l\'erreur dans cette ligne Python ? if age > 18 print("majeur")',
        "Il manque le deux-points « : » après la condition",
        [
            "« if » doit s'écrire en majuscules",
            "Il faut écrire > 18 entre guillemets",
            "print ne peut pas afficher de texte",
        ],
        "En Python : if condition: puis le bloc, indenté à la ligne suivante.",
    ),
    qcu(
        "3.4",
        "conditions",
        5,
        "Que contient la liste L après ces instructions Python ? L = [3, 1, 2] puis L.append(5) "
        "puis L.sort()",
        "[1, 2, 3, 5]",
        ["[3, 1, 2, 5]", "[5, 3, 2, 1]", "[1, 2, 3]"],
        "append ajoute 5 à la fin, sort trie la liste par ordre croissant.",
        en=En(
            "What does the list L hold after these Python instructions? L = [3, 1, 2] then "
            "L.append(5) then L.sort()",
            "[1, 2, 3, 5]",
            ["[3, 1, 2, 5]", "[5, 3, 2, 1]", "[1, 2, 3]"],
            "append adds 5 at the end, sort orders the list ascending.",
        ),
    ),
    num(
        "3.4",
        "conditions",
        6,
        "Avec la fonction Python def f(n): return 1 if n <= 1 else n * f(n - 1), que vaut f(5) ?",
        ["120"],
        "f(5) = 5 × 4 × 3 × 2 × 1 = 120 : la fonction s'appelle elle-même (récursivité).",
    ),
    num(
        "3.4",
        "binaire",
        4,
        "Quel nombre décimal s'écrit 1011 en binaire ?",
        ["11"],
        "1011 = 1 × 8 + 0 × 4 + 1 × 2 + 1 × 1 = 11.",
        en=En(
            "Which decimal number is written 1011 in binary?",
            feedback="1011 = 1 × 8 + 0 × 4 + 1 × 2 + 1 × 1 = 11.",
        ),
    ),
    qroc(
        "3.4",
        "binaire",
        5,
        "Écrivez le nombre 13 en binaire.",
        ["1101"],
        "13 = 8 + 4 + 1, soit 1 × 8 + 1 × 4 + 0 × 2 + 1 × 1 : 1101.",
        treatments=EXACT,
        focused=True,
        en=En(
            "Write the number 13 in binary.",
            feedback="13 = 8 + 4 + 1, that is 1 × 8 + 1 × 4 + 0 × 2 + 1 × 1: 1101.",
        ),
    ),
    num(
        "3.4",
        "binaire",
        6,
        "Combien de valeurs différentes peut-on coder avec un octet (8 bits) ?",
        ["256"],
        "Chaque bit double le nombre de possibilités : 2 puissance 8 = 256 (de 0 à 255).",
    ),
]

ITEMS = ITEMS_3_1 + ITEMS_3_2 + ITEMS_3_3 + ITEMS_3_4
