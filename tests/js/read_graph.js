// Read a GEXF or GraphML file the way Gephi Lite does (graphology parsers, Gephi Lite's options) and print
// what a Gephi Lite user would get, as JSON: node and edge counts, directed and undirected edges, edge keys,
// and how many nodes carry a position.
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");
const graphml = require("graphology-graphml");

const path = process.argv[2];
const content = fs.readFileSync(path, "utf-8");
const graph = path.endsWith(".gexf")
  ? gexf.parse(Graph, content, { allowUndeclaredAttributes: true, addMissingNodes: true })
  : graphml.parse(Graph, content, { addMissingNodes: true });

const edges = [];
graph.forEachEdge((key, attributes, source, target, _s, _t, undirected) => {
  edges.push({ key, source, target, undirected, kind: attributes.kind, relation: attributes.relation || null });
});
let positioned = 0;
graph.forEachNode((key, attributes) => {
  if (typeof attributes.x === "number" && typeof attributes.y === "number") positioned += 1;
});
process.stdout.write(JSON.stringify({
  type: graph.type, multi: graph.multi, order: graph.order, size: graph.size,
  directedSize: graph.directedSize, undirectedSize: graph.undirectedSize, positioned, edges,
}));
