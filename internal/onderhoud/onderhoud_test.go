package onderhoud

import (
	"testing"
	"time"

	"pgbportaal/internal/civil"
)

func TestBepaal(t *testing.T) {
	ams := civil.Amsterdam()
	at := func(d, h int) time.Time { return time.Date(2030, 1, d, h, 0, 0, 0, ams) }
	a := Venster{ID: 1, Van: at(10, 22), Tot: at(11, 6)}
	b := Venster{ID: 2, Van: at(20, 22), Tot: at(21, 2)}
	for _, c := range []struct {
		now             time.Time
		actief, gepland int64
	}{
		{at(9, 12), 0, 1},
		{at(10, 22), 1, 2}, // the start belongs to the window
		{at(11, 5), 1, 2},
		{at(11, 6), 0, 2}, // the end does not: it lifts by itself
		{at(21, 2), 0, 0},
	} {
		st := Bepaal([]Venster{b, a}, c.now)
		var gotA, gotG int64
		if st.Actief != nil {
			gotA = st.Actief.ID
		}
		if st.Gepland != nil {
			gotG = st.Gepland.ID
		}
		if gotA != c.actief || gotG != c.gepland {
			t.Errorf("at %v: actief %d gepland %d, want %d %d", c.now, gotA, gotG, c.actief, c.gepland)
		}
	}
}

func TestValideer(t *testing.T) {
	ams := civil.Amsterdam()
	now := time.Date(2030, 3, 29, 12, 0, 0, 0, ams)
	ok := Invoer{VanDatum: "30-03-2030", VanTijd: "22:00", TotDatum: "31-03-2030", TotTijd: "06:00", Tekst: " Bijwerken "}
	v, e := Valideer(&ok, now)
	// 31-03-2030 is the switch to summer time: 06:00 local is 04:00 UTC.
	if len(e) != 0 || !v.Van.Equal(time.Date(2030, 3, 30, 21, 0, 0, 0, time.UTC)) || !v.Tot.Equal(time.Date(2030, 3, 31, 4, 0, 0, 0, time.UTC)) || v.Tekst != "Bijwerken" {
		t.Fatalf("valid window: %+v %v", v, e)
	}
	for _, c := range []struct {
		in    Invoer
		field string
	}{
		{Invoer{VanTijd: "22:00", TotDatum: "31-03-2030", TotTijd: "06:00"}, "van-datum"},
		{Invoer{VanDatum: "32-03-2030", VanTijd: "22:00", TotDatum: "31-03-2030", TotTijd: "06:00"}, "van-datum"},
		{Invoer{VanDatum: "30-03-2030", VanTijd: "25:00", TotDatum: "31-03-2030", TotTijd: "06:00"}, "van-tijd"},
		{Invoer{VanDatum: "30-03-2030", VanTijd: "22:00", TotDatum: "30-03-2030", TotTijd: "21:00"}, "tot-datum"},
		{Invoer{VanDatum: "01-03-2030", VanTijd: "22:00", TotDatum: "02-03-2030", TotTijd: "06:00"}, "tot-datum"},
		{Invoer{VanDatum: "30-03-2030", VanTijd: "22:00", TotDatum: "05-04-2030", TotTijd: "06:00"}, "tot-datum"},
	} {
		if _, e := Valideer(&c.in, now); e[c.field] == "" {
			t.Errorf("%+v: no error on %s (%v)", c.in, c.field, e)
		}
	}
}
