package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
)

func TestResolveDemoPersonas(t *testing.T) {
	ctx := context.Background()
	pool := testutil.NewPool(t)
	if err := demo.Load(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, pool); err != nil {
		t.Fatalf("demo data not idempotent: %v", err)
	}
	now := time.Now()
	digid := func(bsn string) auth.Identity {
		return auth.Identity{Means: auth.DigiD, Assurance: "urn:nl:digid:substantieel", BSN: bsn}
	}
	eh := func(kvk, who string) auth.Identity {
		return auth.Identity{Means: auth.EHerkenning, Assurance: "urn:etoegang:core:assurance-class:loa3", KvK: kvk, ActingSubject: who}
	}
	cases := []struct {
		name     string
		id       auth.Identity
		refusal  *auth.Refusal
		roles    []auth.Role
		readOnly bool
	}{
		{"own pgb", digid("111222333"), nil, []auth.Role{auth.RoleBudgethouder}, false},
		{"has wettelijk vertegenwoordiger", digid("123456782"), auth.RefusedWettelijk, nil, false},
		{"wettelijk vertegenwoordiger", digid("999990019"), nil, []auth.Role{auth.RoleVertegenwoordiger}, false},
		{"has gevolmachtigde: read-only", digid("200000007"), nil, []auth.Role{auth.RoleBudgethouder}, true},
		{"gevolmachtigde", digid("300000005"), nil, []auth.Role{auth.RoleVertegenwoordiger}, false},
		{"vertegenwoordiger of two", digid("400000003"), nil, []auth.Role{auth.RoleVertegenwoordiger, auth.RoleVertegenwoordiger}, false},
		{"no toekenning", digid("314159265"), auth.RefusedNoToekenning, nil, false},
		{"informal zorgverlener", digid("135792460"), nil, []auth.Role{auth.RoleZorgverlener}, false},
		{"unknown person", digid("161803398"), auth.RefusedUnknown, nil, false},
		{"DigiD basis is not enough", auth.Identity{Means: auth.DigiD, Assurance: "urn:nl:digid:basis", BSN: "111222333"}, auth.RefusedAssurance, nil, false},
		{"Machtigen for one", auth.Identity{Means: auth.DigiD, Assurance: "urn:nl:digid:midden", BSN: "400000003", RepresentedBSN: "700000008"}, nil, []auth.Role{auth.RoleVertegenwoordiger}, false},
		{"Machtigen without mandate", auth.Identity{Means: auth.DigiD, Assurance: "urn:nl:digid:midden", BSN: "400000003", RepresentedBSN: "111222333"}, auth.RefusedRepresentation, nil, false},
		{"bewindvoerder employee 1", eh("60000001", "a"), nil, []auth.Role{auth.RoleVertegenwoordiger, auth.RoleVertegenwoordiger}, false},
		{"bewindvoerder employee 2 shares caseload", eh("60000001", "b"), nil, []auth.Role{auth.RoleVertegenwoordiger, auth.RoleVertegenwoordiger}, false},
		{"zorgkantoor", eh("41000001", "x"), nil, []auth.Role{auth.RoleZorgkantoor}, false},
		{"svb", eh("27000001", "x"), nil, []auth.Role{auth.RoleSVB}, false},
		{"unknown organisation", eh("12345678", "x"), auth.RefusedUnknownOrganisation, nil, false},
		{"eHerkenning EH2 is not enough", auth.Identity{Means: auth.EHerkenning, Assurance: "urn:etoegang:core:assurance-class:loa2", KvK: "41000001", ActingSubject: "x"}, auth.RefusedAssurance, nil, false},
		{"formal zorgverlener", auth.Identity{Means: auth.Vecozo, AGB: "75012345"}, nil, []auth.Role{auth.RoleZorgverlener}, false},
		{"unknown AGB", auth.Identity{Means: auth.Vecozo, AGB: "75099999"}, auth.RefusedUnknown, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts, err := auth.Resolve(ctx, pool, c.id, now)
			if c.refusal != nil {
				var r *auth.Refusal
				if !errors.As(err, &r) || r.Code != c.refusal.Code {
					t.Fatalf("got %v, want refusal %s", err, c.refusal.Code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(opts) != len(c.roles) {
				t.Fatalf("%d options, want %d: %+v", len(opts), len(c.roles), opts)
			}
			for i, o := range opts {
				if o.Actor.Role != c.roles[i] {
					t.Errorf("option %d role %s, want %s", i, o.Actor.Role, c.roles[i])
				}
				if o.Actor.ReadOnly != c.readOnly {
					t.Errorf("option %d read-only %v, want %v", i, o.Actor.ReadOnly, c.readOnly)
				}
				if o.Actor.Scope().Role == "" {
					t.Error("option without scope")
				}
			}
		})
	}
}
