package testutil

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Statement is one SQL statement the portal sent, with its arguments.
type Statement struct {
	SQL  string
	Args []any
}

// Statements is a pgx query tracer that records every statement sent on
// behalf of an HTTP request (the request id of chi's RequestID middleware is
// in its context); background work is not counted. Install it with
// db.Open's option (apptest.WithStatements does) and read what one request
// sent with Since, after the request returned.
type Statements struct {
	mu   sync.Mutex
	list []Statement
}

// Install sets s as the tracer of the pool configuration.
func (s *Statements) Install(cfg *pgxpool.Config) { cfg.ConnConfig.Tracer = s }

// TraceQueryStart records the statement when it belongs to a request.
func (s *Statements) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	if middleware.GetReqID(ctx) == "" {
		return ctx
	}
	s.mu.Lock()
	s.list = append(s.list, Statement{SQL: data.SQL, Args: data.Args})
	s.mu.Unlock()
	return ctx
}

// TraceQueryEnd is part of pgx.QueryTracer.
func (s *Statements) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart is part of pgx.BatchTracer: a batch's statements are
// recorded one by one (TraceBatchQuery), as if sent separately.
func (s *Statements) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

// TraceBatchQuery records one statement of a batch when it belongs to a request.
func (s *Statements) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, data pgx.TraceBatchQueryData) {
	if middleware.GetReqID(ctx) == "" {
		return
	}
	s.mu.Lock()
	s.list = append(s.list, Statement{SQL: data.SQL, Args: data.Args})
	s.mu.Unlock()
}

// TraceBatchEnd is part of pgx.BatchTracer.
func (s *Statements) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// Mark returns the position to pass to Since.
func (s *Statements) Mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.list)
}

// Since returns the statements recorded after mark.
func (s *Statements) Since(mark int) []Statement {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Statement(nil), s.list[mark:]...)
}

// Queries leaves out transaction control (begin, commit, rollback,
// savepoints, and the transaction's scope): what remains is the work the
// database does for the page.
func Queries(list []Statement) []Statement {
	var out []Statement
	for _, st := range list {
		switch strings.ToLower(strings.Fields(st.SQL + " x")[0]) {
		case "begin", "commit", "rollback", "savepoint", "release":
			continue
		}
		if strings.Contains(st.SQL, "set_config('role'") { // the scope, sent apart in a db.Read batch
			continue
		}
		out = append(out, st)
	}
	return out
}

// Describe lists statements for a failure message, one line each.
func Describe(list []Statement) string {
	var b strings.Builder
	for i, st := range list {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, strings.Join(strings.Fields(st.SQL), " "))
	}
	return b.String()
}

// SeqScans replays the statements of one request with EXPLAIN, each in its
// transaction's scope (the set_config statement before it), and returns the
// tables of bigTables the plans read with a sequential scan. With
// enableSeqscan false the planner avoids a sequential scan wherever an index
// can answer, so what remains is a query no index serves.
func SeqScans(t testing.TB, pool *pgxpool.Pool, list []Statement, bigTables []string, enableSeqscan bool) map[string][]string {
	t.Helper()
	ctx := context.Background()
	big := map[string]bool{}
	for _, b := range bigTables {
		big[b] = true
	}
	found := map[string][]string{}
	var scope *Statement
	for i := range list {
		st := list[i]
		low := strings.ToLower(strings.TrimSpace(st.SQL))
		if strings.Contains(low, "set_config('role'") {
			// The scope comes with the transaction's BEGIN (db.TxAs): only the
			// set_config part is replayed, inside the EXPLAIN's own transaction.
			sc := list[i]
			if strings.HasPrefix(low, "begin") {
				if semi := strings.Index(sc.SQL, ";"); semi >= 0 {
					sc.SQL = sc.SQL[semi+1:]
				}
			}
			scope = &sc
			continue
		}
		if !strings.HasPrefix(low, "select") && !strings.HasPrefix(low, "with") {
			continue
		}
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !enableSeqscan {
			if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
				t.Fatal(err)
			}
		}
		if scope != nil {
			if _, err := tx.Exec(ctx, scope.SQL, scope.Args...); err != nil {
				t.Fatal(err)
			}
		}
		var plan []byte
		err = tx.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+st.SQL, st.Args...).Scan(&plan)
		_ = tx.Rollback(ctx)
		if err != nil {
			t.Fatalf("explain %s: %v", st.SQL, err)
		}
		var doc []struct{ Plan planNode }
		if err := json.Unmarshal(plan, &doc); err != nil {
			t.Fatal(err)
		}
		for _, d := range doc {
			d.Plan.walk(func(n planNode) {
				if n.NodeType == "Seq Scan" && big[n.Relation] {
					found[n.Relation] = append(found[n.Relation], strings.Join(strings.Fields(st.SQL), " "))
				}
			})
		}
	}
	return found
}

type planNode struct {
	NodeType string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Plans    []planNode `json:"Plans"`
}

func (n planNode) walk(f func(planNode)) {
	f(n)
	for _, c := range n.Plans {
		c.walk(f)
	}
}
