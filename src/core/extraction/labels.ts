/**
 * The label vocabulary of trade documents: what forms print in front of (or above) a value, in
 * English, German, French, Spanish, Portuguese and Dutch. Keys name what the label announces; the
 * field rules in extract.ts decide which keys feed which canonical field and how strongly.
 */
import type { LabelDictionary } from './label-match';
import { labelDictionary } from './label-match';

export type LabelKey =
  | 'invoice_no'
  | 'invoice_no_date'
  | 'doc_no'
  | 'invoice_date'
  | 'date'
  | 'due_date'
  | 'currency'
  | 'grand_total'
  | 'total'
  | 'subtotal'
  | 'seller'
  | 'exporter'
  | 'shipper'
  | 'beneficiary'
  | 'buyer'
  | 'consignee'
  | 'notify'
  | 'ship_to'
  | 'bl_no'
  | 'bl_date'
  | 'incoterms'
  | 'delivery_terms'
  | 'iban'
  | 'account_no'
  | 'vessel'
  | 'voyage'
  | 'vessel_voyage'
  | 'pol'
  | 'pod'
  | 'carrier'
  | 'on_board_date'
  | 'place_date_issue'
  | 'gross_weight'
  | 'net_weight'
  | 'description'
  | 'quantity'
  | 'unit_price'
  | 'other';

const ENTRIES: readonly (readonly [LabelKey, readonly string[]])[] = [
  ['invoice_no_date', ['invoice no. & date', 'invoice no & date', 'invoice no. and date', 'proforma invoice no. & date', 'pro forma invoice no. & date', 'invoice number and date', 'invoice no./date']],
  [
    'invoice_no',
    ['billing document', 'billing doc', 'billing document no', 'billing doc. no', 'invoice doc', 
      'invoice no', 'invoice no.', 'invoice number', 'invoice #', 'invoice', 'inv no', 'inv. no.', 'invoice ref', 'invoice reference', 'invoice id',
      'commercial invoice no', 'proforma invoice no', 'pro forma invoice no', 'proforma no', 'rechnungsnummer', 'rechnung nr', 'rechnungs-nr', 'rechnungs-nr.',
      'rechnung', 'facture n°', 'facture no', 'n° de facture', 'numéro de facture', 'factura no', 'factura nº', 'número de factura', 'no. de factura', 'fatura nº', 'fatura no',
      'número da fatura', 'factuurnummer', 'factuur nr', 'bill no', 'bill number', 'tax invoice no',
    ],
  ],
  ['doc_no', ['no', 'no.', 'nº', 'number', 'ref', 'ref.', 'reference no', 'document no', 'document number', 'doc no']],
  [
    'invoice_date',
    [
      'invoice date', 'date of invoice', 'issue date', 'date of issue', 'issued', 'invoice dated', 'rechnungsdatum', 'date de facture', 'date de la facture', 'fecha de factura',
      'fecha de emisión', 'data da fatura', 'data de emissão', 'factuurdatum', 'billing date', 'proforma date',
    ],
  ],
  ['date', ['date', 'dated', 'dt', 'dt.', 'datum', 'fecha', 'data', 'data / date', 'datum / date']],
  [
    'due_date',
    ['net due date', 'due by', 'due date for payment', 'payment due by', 
      'due date', 'payment due', 'payment due date', 'due', 'due on', 'date due', 'pay by', 'payable by', 'fällig am', 'fällig', 'fälligkeit', 'fälligkeitsdatum', 'zahlbar bis', 'échéance', "date d'échéance",
      'vencimiento', 'fecha de vencimiento', 'vencimento', 'data de vencimento', 'vervaldatum', 'payment date',
    ],
  ],
  ['currency', ['currency', 'invoice currency', 'währung', 'devise', 'monnaie', 'moneda', 'moeda', 'valuta', 'curr', 'curr.']],
  [
    'grand_total',
    [
      'total amount', 'amount due', 'total due', 'grand total', 'invoice total', 'total invoice value', 'total invoice amount', 'total value', 'balance due', 'amount payable',
      'total amount due', 'total payable', 'net amount payable', 'total to pay', 'gesamtbetrag', 'rechnungsbetrag', 'endbetrag', 'zu zahlen', 'zahlbetrag', 'bruttobetrag', 'gesamtsumme',
      'montant total', 'total ttc', 'net à payer', 'importe total', 'total a pagar', 'total geral', 'valor total da fatura', 'totaalbedrag', 'te betalen', 'total cif value',
      'total fob value', 'total cfr value', 'total invoice', 'invoice amount', 'total usd', 'total eur',
    ],
  ],
  ['total', ['total', 'totals', 'summe', 'totaal', 'totale']],
  ['subtotal', ['subtotal', 'sub-total', 'sub total', 'zwischensumme', 'nettobetrag', 'net amount', 'sous-total', 'ocean freight', 'freight', 'insurance', 'discount', 'vat', 'tax', 'mwst', 'ust']],
  [
    'seller',
    [
      'seller', 'sold by', 'supplier', 'vendor', 'from', 'manufacturer', 'verkäufer', 'lieferant', 'rechnungssteller', 'vendeur', 'fournisseur', 'vendedor', 'proveedor', 'fornecedor',
      'verkoper', 'leverancier', 'seller / exporter', 'exporter / seller', 'issued by',
    ],
  ],
  ['exporter', ['exporter', 'exportador', 'exportateur', 'exporteur', 'ausführer', 'exporter name and address']],
  ['shipper', ['shipper', 'consignor', 'shipper / exporter', 'shipper (name and address)', 'shipper name and address', 'absender', 'ablader', 'chargeur', 'expéditeur', 'embarcador', 'cargador', 'remitente', 'expedidor', 'afzender', 'verlader', 'merchant']],
  ['beneficiary', ['beneficiary', 'beneficiary name', 'account name', 'account holder', 'kontoinhaber', 'empfänger der zahlung', 'beneficiário', 'beneficiario', 'bénéficiaire', 'payee', 'in favour of']],
  [
    'buyer',
    ['rechnung an', 'rechnungsanschrift', 'sold-to party', 'sold-to', 'bill-to party', 'bill-to', 'payer', 'customer name', 'bill to party', 'sold to party', 'invoice address', 
      'buyer', 'bill to', 'billed to', 'sold to', 'invoice to', 'invoiced to', 'customer', 'to', 'client', 'purchaser', 'importer', 'käufer', 'kunde', 'rechnungsempfänger', 'rechnungsadresse',
      'acheteur', 'importateur', 'facturé à', 'comprador', 'importador', 'cliente', 'facturar a', 'koper', 'klant', 'buyer (if other than consignee)', 'messrs', 'messrs.',
    ],
  ],
  ['consignee', ['consignee', 'consigned to', 'empfänger', 'destinataire', 'consignatario', 'consignatário', 'ontvanger', 'consignee (if to order so indicate)']],
  ['notify', ['notify', 'notify party', 'notify address', 'notify parties', 'notify party address', 'notificar', 'meldeadresse', 'notifier', 'notificar a', 'notify party 1', 'first notify party']],
  ['ship_to', ['ship-to party', 'ship-to', 'ship to party', 'delivery to', 'ship to', 'shipped to', 'deliver to', 'delivery address', 'lieferadresse', 'lieferanschrift', 'livrer à', 'enviar a', 'entregar a']],
  [
    'bl_no',
    [
      'b/l no', 'b/l no.', 'b/l number', 'b/l #', 'bl no', 'bl number', 'b/l', 'bill of lading no', 'bill of lading number', 'conhecimento', 'conhecimento de embarque',
      'waybill no', 'waybill number', 'sea waybill no', 'sea waybill number', 'swb no', 'swb number', 'mbl no', 'hbl no', 'b/l ref', 'konnossement nr', 'konnossementnummer', 'connaissement n°',
      'número de b/l', 'número do conhecimento', 'bl nr', 'b/l-nr', 'awb / b/l no',
    ],
  ],
  ['bl_date', ['b/l date', 'bl date', 'bill of lading date', 'date of b/l', 'shipment date', 'date of shipment', 'data de embarque', 'fecha de embarque', 'verschiffungsdatum', 'date of bill of lading']],
  ['incoterms', ['incoterms', 'incoterm', 'incoterms 2020', 'incoterms 2010', 'incoterms® 2020', 'incoterms®', 'trade terms', 'price terms', 'price basis', 'lieferbedingung', 'lieferbedingungen', 'condição de venda', 'condición de venta', 'conditions de livraison', 'leveringsvoorwaarden']],
  ['delivery_terms', ['terms of delivery', 'delivery terms', 'terms of delivery and payment', 'terms of sale', 'shipping terms', 'delivery']],
  ['iban', ['iban', 'iban no', 'iban number', 'iban code']],
  ['account_no', ['account no', 'account number', 'a/c no', 'a/c', 'acct no', 'acct', 'account', 'bank account', 'bank account no', 'konto', 'kontonummer', 'kontonr', 'compte', 'n° de compte', 'numéro de compte', 'número de cuenta', 'cuenta', 'conta', 'número da conta', 'rekeningnummer', 'rekening']],
  ['vessel_voyage', ['vessel / voyage', 'vessel/voyage', 'vessel & voyage', 'vessel and voyage', 'vessel and voyage no', 'ocean vessel / voy. no', 'ocean vessel / voy no', 'ocean vessel / voyage no', 'ocean vessel voy no', 'vessel / voy', 'vessel voyage', 'vessel name / voyage', 'vessel / voyage no', 'navio / viagem', 'buque / viaje', 'schiff / reise', 'vessel/voy', 'ocean vessel/voyage']],
  ['vessel', ['vessel', 'ocean vessel', 'vessel name', 'name of vessel', 'ship name', 'ship', 'mv', 'schiff', 'schiffsname', 'navire', 'buque', 'navio', 'vessel / flight no', 'vessel/flight no', 'vessel / flight', 'carrying vessel']],
  ['voyage', ['voyage', 'voyage no', 'voy. no', 'voy no', 'voyage number', 'voy', 'reise', 'reise-nr', 'reisenummer', 'viagem', 'viaje', 'voyage n°']],
  [
    'pol',
    [
      'port of loading', 'port of lading', 'pol', 'loading port', 'port of shipment', 'port of embarkation', 'place of loading', 'verladehafen', 'ladehafen', 'port de chargement', "port d'embarquement",
      'puerto de carga', 'puerto de embarque', 'porto de embarque', 'porto de carregamento', 'laadhaven', 'from port',
    ],
  ],
  [
    'pod',
    [
      'port of discharge', 'pod', 'discharge port', 'port of destination', 'destination port', 'port of unloading', 'löschhafen', 'entladehafen', 'bestimmungshafen', 'port de déchargement',
      'port de débarquement', 'port de destination', 'puerto de descarga', 'puerto de destino', 'porto de destino', 'porto de descarga', 'loshaven', 'to port',
    ],
  ],
  ['carrier', ['carrier', 'carrier name', 'ocean carrier', 'name of carrier', 'shipping line', 'frachtführer', 'verfrachter', 'reederei', 'transporteur', 'transportista', 'transportador', 'vervoerder', 'carrier owners', 'carrier / owners', 'owners', 'signed as agent for the carrier', 'as agent for the carrier', 'signed for the carrier', 'for the carrier', 'on behalf of the carrier', 'signed on behalf of the carrier', 'issued by the carrier']],
  [
    'on_board_date',
    ['laden on board the vessel', 'shipped on board the vessel', 'on board the vessel', 'on board notation', 'date of shipment on board', 
      'shipped on board date', 'shipped on board', 'on board date', 'date shipped on board', 'laden on board', 'laden on board date', 'date laden on board', 'on-board date', 'onboard date',
      'date of loading', 'loading date', 'an bord', 'an bord datum', 'verladedatum', "date d'embarquement", 'date de mise à bord', 'fecha de embarque a bordo', 'data de embarque a bordo', 'embarcado a bordo',
    ],
  ],
  ['place_date_issue', ['place and date of issue', 'place & date of issue', 'place and date of issue of b/l', 'date of issue', 'issue place and date', 'ort und datum der ausstellung', 'lieu et date d\'émission', 'lugar y fecha de emisión', 'local e data de emissão']],
  ['gross_weight', ['gross weight', 'gross weight kg', 'gross wt', 'gross wt.', 'g.w.', 'gw', 'bruttogewicht', 'poids brut', 'peso bruto', 'brutogewicht', 'gross weight (kgs)', 'gross mass']],
  ['net_weight', ['net weight', 'net wt', 'net wt.', 'n.w.', 'nettogewicht', 'poids net', 'peso neto', 'peso líquido', 'nettogewicht', 'net mass']],
  ['description', ['goods', 'commodity', 'product', 'merchandise', 'ware', 'waren', 'marchandise', 'marchandises', 'mercadoria', 'mercancía', 'description of goods', 'goods description', 'description', 'kind of packages; description of goods', 'number and kind of packages; description of goods', "shipper's description of goods", 'descrição da mercadoria', 'warenbezeichnung', 'désignation des marchandises']],
  ['quantity', ['quantity', 'qty', 'total quantity', 'quantidade', 'cantidad', 'menge', 'quantité']],
  ['unit_price', ['unit price', 'price', 'price per unit', 'unit rate', 'rate', 'einzelpreis', 'prix unitaire', 'precio unitario', 'preço unitário', 'preço unit']],
  [
    'other',
    [
      'booking no', 'booking ref', 'booking reference', 'booking number', 'export references', 'forwarding agent', 'forwarding agent - references', 'place of receipt', 'place of delivery', 'pre-carriage by',
      'pre carriage by', 'type of movement', 'freight payable at', 'freight payable at / freight terms', 'number of original b(s)/l', 'number of original bs/l', 'no. of original b/l', "buyer's order no", "buyer's order no. & date",
      'customer po', 'po number', 'purchase order', 'order no', 'terms', 'payment terms', 'terms of payment', 'hs code', 'tel', 'phone', 'fax', 'email', 'e-mail', 'tax code', 'tax id', 'vat no', 'ein', 'gstin',
      'country of origin', 'country of origin of goods', 'marks and numbers', 'marks & numbers', 'shipping marks', 'reference', 'bank', 'bank name', 'swift', 'swift/bic', 'bic', 'swift code', 'point and country of origin',
      "shipper's reference", "shipper's reference / buyer's order", 'declared value', 'measurement', 'other reference(s)', "exporter's ref", 'final destination', 'place of receipt by pre-carrier',
      'country of final destination', 'freight & charges', 'signature', 'declaration', 'say', 'amount in words', 'amount chargeable (in words)', 'page', 'notice of assignment', 'flag / imo', 'flag',
      'reference no', 'freight advance received', 'time used for loading', 'container no', 'seal no', 'payment', 'validity', 'insurance', 'remarks', 'bank details', 'banking details', 'contact',
      'buyer ref', 'ref. do comprador', 'país de origem', 'origin', 'customer no', 'customer id', 'kundennummer', 'auftragsnummer', 'bestellnummer', 'ihre bestellung', 'lieferdatum', 'delivery date',
      'ship date', 'ship via', 'shipped via', 'salesperson', 'sales rep', 'p.o. no', 'p.o. number', 'requisitioner', 'fob point', 'attn', 'attention', 'steuernummer', 'ust-idnr', 'ust-id', 'bankverbindung',
      'zahlungsbedingungen', 'place of issue', 'freight terms', 'notify party 2', 'also notify', 'pre-carrier', 'for', 'by', 'remit to', 'pay to',
    ],
  ],
];

/** Every label the extractor knows, compiled once. */
export const LABELS: LabelDictionary<LabelKey> = labelDictionary(ENTRIES);

/** Column headers of line-item and cargo tables. */
export type ColumnKey = 'description' | 'quantity' | 'unit' | 'unit_price' | 'amount' | 'gross_weight' | 'net_weight' | 'measurement' | 'packages' | 'marks' | 'hs' | 'index';

export const COLUMNS: LabelDictionary<ColumnKey> = labelDictionary<ColumnKey>([
  [
    'description',
    [
      'description', 'description of goods', 'goods description', 'item description', 'product description', 'kind of packages; description of goods', 'number and kind of packages; description of goods',
      'description of packages and goods', 'particulars', 'commodity', 'goods', 'product', 'products', 'article', 'item & description', 'descrição da mercadoria', 'descrição', 'descripción',
      'bezeichnung', 'beschreibung', 'warenbezeichnung', 'artikel', 'artikelbezeichnung', 'leistung', 'désignation', 'description des marchandises', 'omschrijving', "shipper's description of goods",
      'kind of packages', 'description of goods / services', 'details',
    ],
  ],
  ['quantity', ['quantity', 'qty', 'qty.', 'quantidade', 'cantidad', 'menge', 'quantité', 'qté', 'hoeveelheid', 'anzahl', 'quant.', 'units', 'quantity shipped', 'qty shipped']],
  ['unit', ['unit', 'uom', 'u/m', 'unit of measure', 'einheit', 'me', 'unidad', 'unidade', 'unité', 'eenheid']],
  [
    'unit_price',
    [
      'unit price', 'price', 'rate', 'unit rate', 'price per unit', 'price/unit', 'unit cost', 'preço unit.', 'preço unit', 'preço unitário', 'precio unitario', 'precio', 'einzelpreis', 'preis', 'ep',
      'stückpreis', 'prix unitaire', 'prix', 'p.u.', 'prijs', 'eenheidsprijs', 'unit value',
    ],
  ],
  ['amount', ['amount', 'total', 'line total', 'value', 'valor total', 'valor', 'betrag', 'gesamt', 'gesamtpreis', 'summe', 'montant', 'importe', 'total price', 'extended price', 'net amount', 'total amount', 'bedrag', 'ext. price', 'amount (usd)']],
  ['gross_weight', ['gross weight', 'gross weight (kg)', 'gross weight kg', 'gross wt', 'gross wt.', 'g.w.', 'bruttogewicht', 'poids brut', 'peso bruto', 'gross weight (kgs)', 'gross wt. (kgs)', 'gross']],
  ['net_weight', ['net weight', 'net wt', 'net wt.', 'nettogewicht', 'poids net', 'peso líquido', 'peso neto', 'net wt. (kgs)']],
  ['measurement', ['measurement', 'measurement m³', 'measurement (cbm)', 'volume', 'cbm', 'm³', 'measurement m3']],
  ['packages', ['no. of cont. or pkgs', 'no. of cont.', 'no. & kind of pkgs', 'no. & kind of pkgs.', 'no. of pkgs', 'packages', 'number of packages', 'no. of bags', 'pkgs', 'colli', 'packungen']],
  ['marks', ['marks', 'marks & numbers', 'marks and numbers', 'marks & nos.', 'marks and nos.', 'marks & nos./ container no.', 'container no. / seal no.', 'marks and nos. / container and seal', 'container no.', 'seal no.', 'container and seal']],
  ['hs', ['hs code', 'hs', 'ncm / hs', 'ncm', 'hs-code', 'tariff code', 'zolltarifnummer', 'commodity code']],
  ['index', ['no.', '#', 'item', 'sr.', 'sr. no.', 's/n', 'pos', 'pos.', 'line', 'item no.', 'nr.']],
]);
