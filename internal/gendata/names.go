package gendata

import "math/rand/v2"

var achternamen = []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
	"Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
	"Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
	"de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin",
	"van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven",
	"Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Koning", "van Wijk", "Postma",
	"Kuipers", "Veenstra", "Kramer", "van den Brink", "Scholten", "van Wijngaarden", "Yilmaz", "El Amrani", "Öztürk",
	"Nguyen", "Wijaya", "Bouzid"}

var voorletters = []string{"A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I.", "J.", "K.", "L.", "M.", "N.", "P.",
	"R.", "S.", "T.", "W.", "Y.", "A.M.", "J.P.", "M.J.", "H.W.", "E.C."}

var straten = []string{"Dorpsstraat", "Kerkstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianastraat",
	"Beatrixlaan", "Wilhelminastraat", "Eikenlaan", "Berkenlaan", "Lindelaan", "Nieuwstraat", "Marktplein",
	"Havenstraat", "Parallelweg", "Sportlaan", "Zuiderweg", "Noordersingel", "Oranjestraat", "Prins Hendrikstraat"}

var plaatsen = []string{"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere",
	"Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaanstad", "Zwolle", "Leiden",
	"Maastricht", "Dordrecht", "Ede", "Alphen aan den Rijn", "Leeuwarden", "Emmen", "Venlo", "Delft", "Deventer",
	"Sittard", "Helmond", "Hoorn", "Assen", "Middelburg", "Goes", "Heerenveen", "Doetinchem"}

// regios are the 31 zorgkantoor regions, one zorgkantoor each.
var regios = []string{"Groningen", "Friesland", "Drenthe", "Twente", "Zwolle", "Midden-IJssel", "Apeldoorn, Zutphen e.o.",
	"Arnhem", "Nijmegen", "Utrecht", "Flevoland", "'t Gooi", "Noord-Holland Noord", "Kennemerland", "Zaanstreek/Waterland",
	"Amsterdam", "Amstelland en de Meerlanden", "Zuid-Holland Noord", "Haaglanden", "Delft Westland Oostland",
	"Midden-Holland", "Rotterdam", "Waardenland", "Zuid-Hollandse Eilanden", "Zeeland", "West-Brabant", "Midden-Brabant",
	"Noordoost-Brabant", "Zuidoost-Brabant", "Noord- en Midden-Limburg", "Zuid-Limburg"}

var instellingWoorden = []string{"Thuiszorg", "Zorggroep", "Zorg aan Huis", "Begeleiding", "Dagbesteding", "Zorgboerderij",
	"Wijkzorg", "Logeerhuis", "Zorgcoöperatie"}

var instellingNamen = []string{"De Linde", "Het Anker", "De Eik", "Zonnehuis", "De Horizon", "Het Baken", "De Brug",
	"Samen", "Het Kompas", "De Wending", "Rondom", "Dichtbij", "Het Palet", "De Zonnebloem", "Het Veer", "De Akker"}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

type naam struct{ aanhef, voorletters, tussenvoegsel, achternaam string }

func randomNaam(r *rand.Rand) naam {
	n := naam{aanhef: "mevrouw", voorletters: pick(r, voorletters)}
	if r.IntN(2) == 0 {
		n.aanhef = "heer"
	}
	full := pick(r, achternamen)
	// "van den Berg": tussenvoegsel "van den", achternaam "Berg".
	for i := len(full) - 1; i > 0; i-- {
		if full[i] == ' ' {
			n.tussenvoegsel, n.achternaam = full[:i], full[i+1:]
			return n
		}
	}
	n.achternaam = full
	return n
}

func (n naam) String() string {
	s := n.voorletters
	if n.tussenvoegsel != "" {
		s += " " + n.tussenvoegsel
	}
	return s + " " + n.achternaam
}
