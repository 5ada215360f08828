package bidlang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gavelhq/gavel/auction"
)

// JSONVersion is the value of the "format" field of every canonical JSON
// document; readers refuse any other. The schema is in schema.md.
const JSONVersion = "gavel/v1"

// The fields each JSON object may hold, in the order the writer emits them.
var (
	jsonTopFields      = []string{"format", "name", "currency", "rules", "items", "sets", "bidders", "bids"}
	jsonCurrencyFields = []string{"code", "decimals"}
	jsonRulesFields    = []string{"max_share", "min_winners"}
	jsonItemFields     = []string{"id", "ddu", "window", "capacity", "reserve", "region", "loc"}
	jsonLocFields      = []string{"lat", "lon"}
	jsonSetFields      = []string{"name", "items"}
	jsonBidderFields   = []string{"id", "name", "budget", "min_volume", "max_volume", "max_items", "tree"}
	jsonBidFields      = []string{"id", "bidder", "price", "rate", "bundle", "min_fraction"}
	jsonDemandFields   = []string{"item", "volume"}
	jsonGroupKeys      = []string{"or", "xor", "all", "choose"}
	jsonChooseFields   = []string{"min", "max", "of"}
)

// ReadJSON reads an instance in the canonical JSON format described in
// schema.md. file names the input in diagnostics. Every problem is reported
// at the line and column of the value at fault, up to MaxErrors errors; the
// instance's own checks (auction.Instance.Problems) run once the document
// has been read without error. The instance is nil exactly when the list
// holds an error; the list may hold warnings either way.
func ReadJSON(file string, src []byte) (*auction.Instance, ErrorList) {
	root, syn := parseJSON(file, src)
	if syn != nil {
		return nil, ErrorList{syn}
	}
	d := &jsonDecoder{file: file, pos: newPositions(), in: &auction.Instance{}}
	d.instance(root)
	if d.list.NumErrors() == 0 {
		d.pos.validate(file, d.in, &d.list)
	}
	d.list.Sort()
	if d.list.NumErrors() > 0 {
		return nil, d.list
	}
	return d.in, d.list
}

// jsonDecoder turns a parsed JSON tree into an instance.
type jsonDecoder struct {
	file string
	list ErrorList
	nerr int
	pos  *positions
	in   *auction.Instance

	moneyOK  bool // the currency is usable, so amounts can be read
	decimals int

	itemIDs   []string
	itemIndex map[string]int
	bidderIDs []string
	bidderIdx map[string]int
	bidIDs    []string
	bidIndex  map[string]int

	bidBidderPos []Pos // where each bid names its bidder
	placed       []Pos // where each bid was put in a tree; zero until then
}

// errorf reports an error at pos, up to MaxErrors. It returns the
// diagnostic so that the caller can attach related positions; past the cap
// the diagnostic is returned but not kept.
func (d *jsonDecoder) errorf(pos Pos, format string, args ...any) *Diagnostic {
	diag := &Diagnostic{File: d.file, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	if d.nerr < MaxErrors {
		d.nerr++
		d.list.Add(diag)
	}
	return diag
}

// jcRelated attaches a related position to a diagnostic and returns it.
func jcRelated(diag *Diagnostic, pos Pos, msg string) *Diagnostic {
	diag.Related = append(diag.Related, Related{Pos: pos, Msg: msg})
	return diag
}

// jsonDescribe names a value for "expected X, found Y".
func jsonDescribe(v *jsonValue) string {
	switch v.kind {
	case jsonString:
		return fmt.Sprintf("string %q", clipText(v.text, 40))
	case jsonNumber:
		return "number " + clipText(v.text, 40)
	case jsonBool:
		return "boolean " + v.text
	}
	return v.kind.String()
}

// fields checks that v is an object with only known, unrepeated keys and
// every required key, and returns its members by key. ok is false when v is
// not an object.
func (d *jsonDecoder) fields(v *jsonValue, what string, known []string, required ...string) (map[string]*jsonValue, bool) {
	if v.kind != jsonObject {
		d.errorf(v.pos, "expected %s object, found %s", what, jsonDescribe(v))
		return nil, false
	}
	m := make(map[string]*jsonValue, len(v.members))
	keyPos := make(map[string]Pos, len(v.members))
	for _, mem := range v.members {
		if first, dup := keyPos[mem.key]; dup {
			jcRelated(d.errorf(mem.keyPos, "duplicate field %q in %s", mem.key, what), first, "first defined here")
			continue
		}
		keyPos[mem.key] = mem.keyPos
		if !jsonContains(known, mem.key) {
			d.errorf(mem.keyPos, "unknown field %q in %s%s", mem.key, what, jsonDidYouMean(mem.key, known))
			continue
		}
		m[mem.key] = mem.val
	}
	for _, key := range required {
		if _, ok := keyPos[key]; !ok {
			d.errorf(v.pos, "%s is missing field %q", what, key)
		}
	}
	return m, true
}

func jsonContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (d *jsonDecoder) array(v *jsonValue, what string) ([]*jsonValue, bool) {
	if v.kind != jsonArray {
		d.errorf(v.pos, "expected an array for %s, found %s", what, jsonDescribe(v))
		return nil, false
	}
	return v.elems, true
}

func (d *jsonDecoder) str(v *jsonValue, what string) (string, bool) {
	if v.kind != jsonString {
		d.errorf(v.pos, "expected a string for %s, found %s", what, jsonDescribe(v))
		return "", false
	}
	return v.text, true
}

// id reads a non-empty identifier.
func (d *jsonDecoder) id(v *jsonValue, what string) (string, bool) {
	s, ok := d.str(v, what)
	if ok && s == "" {
		d.errorf(v.pos, "%s must not be empty", what)
		return "", false
	}
	return s, ok
}

// integer reads a JSON number that must be an integer of the given size.
func (d *jsonDecoder) integer(v *jsonValue, what string, bitSize int) (int64, bool) {
	if v.kind != jsonNumber {
		d.errorf(v.pos, "expected an integer for %s, found %s", what, jsonDescribe(v))
		return 0, false
	}
	n, err := strconv.ParseInt(v.text, 10, bitSize)
	if err != nil {
		if strings.ContainsAny(v.text, ".eE") {
			d.errorf(v.pos, "expected an integer for %s, found %s", what, clipText(v.text, 40))
		} else {
			d.errorf(v.pos, "%s %s is out of range", what, clipText(v.text, 40)).Err = auction.ErrRange
		}
		return 0, false
	}
	return n, true
}

// decimalText returns the text of a decimal given as a JSON string or
// number: both are read exactly, never through a float.
func (d *jsonDecoder) decimalText(v *jsonValue, what string) (string, bool) {
	if v.kind != jsonString && v.kind != jsonNumber {
		d.errorf(v.pos, "expected a decimal string for %s, found %s", what, jsonDescribe(v))
		return "", false
	}
	return v.text, true
}

func (d *jsonDecoder) money(v *jsonValue, what string) (auction.Money, bool) {
	s, ok := d.decimalText(v, what)
	if !ok || !d.moneyOK {
		return 0, false
	}
	m, err := auction.ParseMoney(s, d.decimals)
	if err != nil {
		d.errorf(v.pos, "invalid %s: %s", what, jsonClipErr(err, s)).Err = err
		return 0, false
	}
	return m, true
}

func (d *jsonDecoder) ratio(v *jsonValue, what string) (auction.Ratio, bool) {
	s, ok := d.decimalText(v, what)
	if !ok {
		return auction.Ratio{}, false
	}
	r, err := jsonParseRatio(s)
	if err != nil {
		d.errorf(v.pos, "invalid %s: %s", what, jsonClipErr(err, s)).Err = err
		return auction.Ratio{}, false
	}
	return r, true
}

// jsonClipErr is the text of an error about the value s, with s shortened
// where the error quotes it.
func jsonClipErr(err error, s string) string {
	msg := err.Error()
	if len(s) <= 40 {
		return msg
	}
	return strings.Replace(msg, strconv.Quote(s), strconv.Quote(clipText(s, 40)), 1)
}

// jsonParseRatio reads a decimal ("0.25") or an exact fraction ("1/3"). A
// fraction keeps its terms as written, so that every Ratio survives a round
// trip through WriteJSON.
func jsonParseRatio(s string) (auction.Ratio, error) {
	num, den, frac := strings.Cut(s, "/")
	if !frac {
		return auction.ParseRatio(s)
	}
	n, err1 := jsonParseNonNeg(num)
	m, err2 := jsonParseNonNeg(den)
	if err1 != nil || err2 != nil {
		return auction.Ratio{}, fmt.Errorf("%q: want a decimal or num/den: %w", s, auction.ErrSyntax)
	}
	if m == 0 {
		return auction.Ratio{}, fmt.Errorf("%q: zero denominator: %w", s, auction.ErrRange)
	}
	return auction.Ratio{Num: n, Den: m}, nil
}

func jsonParseNonNeg(s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, auction.ErrSyntax
	}
	return strconv.ParseInt(s, 10, 64)
}

func (d *jsonDecoder) float(v *jsonValue, what string) (float64, bool) {
	if v.kind != jsonNumber {
		d.errorf(v.pos, "expected a number for %s, found %s", what, jsonDescribe(v))
		return 0, false
	}
	f, err := strconv.ParseFloat(v.text, 64)
	if err != nil {
		d.errorf(v.pos, "%s %s is out of range", what, clipText(v.text, 40)).Err = auction.ErrRange
		return 0, false
	}
	return f, true
}

// field records where a field of an item, bidder or bid was read, under
// each name the model's problems may use for it.
func (d *jsonDecoder) field(kind auction.RefKind, index int, v *jsonValue, names ...string) {
	for _, name := range names {
		d.pos.field(kind, index, name, 0, v.pos)
	}
}

func (d *jsonDecoder) instance(root *jsonValue) {
	f, ok := d.fields(root, "the instance", jsonTopFields, "format", "items")
	if !ok {
		return
	}
	if v := f["format"]; v != nil {
		if s, ok := d.str(v, "format"); ok && s != JSONVersion {
			d.errorf(v.pos, "unsupported format %q: this reader reads %q", s, JSONVersion)
		}
	}
	if v := f["name"]; v != nil {
		d.in.Name, _ = d.str(v, "name")
	}
	d.currency(f["currency"])
	if v := f["rules"]; v != nil {
		d.rules(v)
	}
	if v := f["items"]; v != nil {
		d.items(v)
	}
	if v := f["sets"]; v != nil {
		d.sets(v)
	}
	var trees []*jsonValue
	if v := f["bidders"]; v != nil {
		trees = d.bidders(v)
	}
	if v := f["bids"]; v != nil {
		d.bids(v)
	}
	d.trees(trees)
}

func (d *jsonDecoder) currency(v *jsonValue) {
	d.moneyOK = true
	if v != nil {
		d.pos.field(auction.RefInstance, 0, auction.FieldCurrency, 0, v.pos)
		f, ok := d.fields(v, "currency", jsonCurrencyFields, "decimals")
		if !ok {
			d.moneyOK = false
			return
		}
		if c := f["code"]; c != nil {
			d.in.Currency.Code, _ = d.str(c, "currency code")
		}
		if dv := f["decimals"]; dv != nil {
			n, ok := d.integer(dv, "currency decimals", 64)
			switch {
			case !ok:
				d.moneyOK = false
			case n < 0 || n > auction.MaxDecimals:
				d.errorf(dv.pos, "currency decimals %d out of range 0..%d", n, auction.MaxDecimals).Err = auction.ErrCurrency
				d.moneyOK = false
			default:
				d.in.Currency.Decimals = int(n)
			}
		} else {
			d.moneyOK = false
		}
	}
	d.decimals = d.in.CurrencyOrDefault().Decimals
}

func (d *jsonDecoder) rules(v *jsonValue) {
	f, ok := d.fields(v, "rules", jsonRulesFields)
	if !ok {
		return
	}
	if ms := f["max_share"]; ms != nil {
		d.in.Rules.MaxShare, _ = d.ratio(ms, "max_share")
		d.pos.rules[auction.FieldMaxShare] = ms.pos
	}
	if mw := f["min_winners"]; mw != nil {
		if n, ok := d.integer(mw, "min_winners", strconv.IntSize); ok {
			if n < 1 {
				d.errorf(mw.pos, "min_winners must be at least 1 (a number of bidders; leave it out for no rule), found %d", n).Err = auction.ErrNegative
			} else {
				d.in.Rules.MinWinners = int(n)
				d.pos.rules[auction.FieldMinWinners] = mw.pos
			}
		}
	}
}

func (d *jsonDecoder) items(v *jsonValue) {
	elems, ok := d.array(v, "items")
	if !ok {
		return
	}
	d.itemIndex = make(map[string]int, len(elems))
	d.in.Items = make([]auction.Item, 0, len(elems))
	for _, el := range elems {
		f, ok := d.fields(el, "item", jsonItemFields, "id", "capacity")
		if !ok {
			continue
		}
		i := len(d.in.Items)
		var it auction.Item
		if idv := f["id"]; idv != nil {
			it.ID = d.defineID(idv, "item", d.itemIndex, d.pos.items, auction.RefItem, i)
		}
		it.DDU = it.ID
		if x := f["ddu"]; x != nil {
			it.DDU, _ = d.str(x, "ddu")
		}
		if x := f["window"]; x != nil {
			it.Window, _ = d.str(x, "window")
		}
		if x := f["capacity"]; x != nil {
			it.Capacity, _ = d.integer(x, "capacity", 64)
			d.field(auction.RefItem, i, x, auction.FieldCapacity)
		}
		if x := f["reserve"]; x != nil {
			it.Reserve, _ = d.money(x, "reserve")
			d.field(auction.RefItem, i, x, auction.FieldReserve)
		}
		if x := f["region"]; x != nil {
			it.Region, _ = d.str(x, "region")
		}
		if x := f["loc"]; x != nil {
			it.Loc = d.loc(x)
			d.field(auction.RefItem, i, x, auction.FieldLoc)
		}
		d.in.Items = append(d.in.Items, it)
		d.itemIDs = append(d.itemIDs, it.ID)
		d.pos.items = append(d.pos.items, el.pos)
	}
}

func (d *jsonDecoder) loc(v *jsonValue) *auction.LatLon {
	f, ok := d.fields(v, "location", jsonLocFields, "lat", "lon")
	if !ok {
		return nil
	}
	var ll auction.LatLon
	if x := f["lat"]; x != nil {
		ll.Lat, _ = d.float(x, "lat")
	}
	if x := f["lon"]; x != nil {
		ll.Lon, _ = d.float(x, "lon")
	}
	return &ll
}

// itemRef resolves an item id, suggesting a near miss when it names nothing.
func (d *jsonDecoder) itemRef(v *jsonValue) (int, bool) {
	id, ok := d.str(v, "an item reference")
	if !ok {
		return 0, false
	}
	i, ok := d.itemIndex[id]
	if !ok {
		d.errorf(v.pos, "unknown item %q%s", id, jsonDidYouMean(id, d.itemIDs)).Err = auction.ErrUnknownRef
	}
	return i, ok
}

func (d *jsonDecoder) sets(v *jsonValue) {
	elems, ok := d.array(v, "sets")
	if !ok {
		return
	}
	seen := map[string]Pos{}
	for _, el := range elems {
		f, ok := d.fields(el, "set", jsonSetFields, "name", "items")
		if !ok {
			continue
		}
		var set auction.ItemSet
		s := len(d.in.Sets)
		if nv := f["name"]; nv != nil {
			d.pos.field(auction.RefInstance, s, auction.FieldSet, 0, nv.pos)
			if name, ok := d.id(nv, "set name"); ok {
				set.Name = name
				if first, dup := seen[name]; dup {
					jcRelated(d.errorf(nv.pos, "duplicate set name %q", name), first, "first defined here").Err = auction.ErrDuplicate
				} else {
					seen[name] = nv.pos
				}
			}
		}
		if iv := f["items"]; iv != nil {
			refs, _ := d.array(iv, "set items")
			for _, r := range refs {
				if i, ok := d.itemRef(r); ok {
					d.pos.field(auction.RefInstance, s, auction.FieldSetItem, len(set.Items), r.pos)
					set.Items = append(set.Items, i)
				}
			}
		}
		d.in.Sets = append(d.in.Sets, set)
	}
}

// defineID reads the id of the i-th item, bidder or bid (what), records it
// in index unless it repeats an earlier one, which is reported with the
// position where it was first defined (first, by index), and records the
// id's position. It returns the id, or "" when it is not a valid id.
func (d *jsonDecoder) defineID(idv *jsonValue, what string, index map[string]int, first []Pos, kind auction.RefKind, i int) string {
	id, ok := d.id(idv, what+" id")
	if !ok {
		id = ""
	} else {
		if j, dup := index[id]; dup {
			jcRelated(d.errorf(idv.pos, "duplicate %s id %q", what, id), first[j], "first defined here").Err = auction.ErrDuplicate
		} else {
			index[id] = i
		}
	}
	d.field(kind, i, idv, auction.FieldID)
	return id
}
