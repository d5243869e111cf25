package golang

import (
	"bytes"
	"strconv"

	"github.com/apigen-go/apigen/internal/clientrt"
	"github.com/apigen-go/apigen/model"
)

func writePieces(b *bytes.Buffer, ps []clientrt.Piece) {
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		if p.Arg > 0 {
			b.WriteString("{arg: " + strconv.Itoa(p.Arg) + "}")
		} else {
			b.WriteString("{lit: " + strconv.Quote(p.Lit) + "}")
		}
	}
}

func (g *generator) writeParams(b *bytes.Buffer, field string, ps []*model.Param) {
	if len(ps) == 0 {
		return
	}
	b.WriteString(", " + field + ": []param{")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{name: " + strconv.Quote(p.Name))
		if p.Required {
			b.WriteString(", required: true")
		}
		if p.Default != "" {
			b.WriteString(", def: " + strconv.Quote(p.Default))
		}
		if e := g.names.Param(p).Enum; e != nil {
			b.WriteString(", options: " + e.ValuesVar)
		} else if p.Options != nil {
			b.WriteString(", options: ")
			writeStrings(b, p.Options)
		}
		b.WriteString("}")
	}
	b.WriteString("}")
}

// writeStrings writes a []string literal.
func writeStrings(b *bytes.Buffer, ss []string) {
	b.WriteString("[]string{")
	for i, s := range ss {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(s))
	}
	b.WriteString("}")
}
