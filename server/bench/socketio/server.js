// The socket.io 4.8 baseline of Rumbl's benchmark: what a JavaScript team
// would write instead of Rumbl's VideoChannel. One room per video topic;
// "join" answers with the video's annotations (200 of them for the topic the
// join scenario uses, none otherwise, as Rumbl's prepared database has), and
// "new_annotation" acks with an id and is broadcast with io.to(room).emit,
// the same payload Rumbl broadcasts. No database: socket.io is measured as a
// transport plus rooms, which flatters it; the ratio says so in the report.
//
// Usage: node server.js PORT [JOIN_TOPIC]
"use strict";
const http = require("node:http");
const { Server } = require("socket.io");

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error("usage: node server.js PORT [JOIN_TOPIC]");
  process.exit(2);
}
const joinTopic = process.argv[3] || "videos:1";
const user = { id: 1, username: "bench" };

// The 200 annotations of the join topic, as Rumbl's join reply lists them.
const joinAnnotations = Array.from({ length: 200 }, (_, i) => ({
  id: i + 1,
  body: `annotation number ${i + 1} of the join benchmark`,
  at: i * 1000,
  user,
}));

const httpServer = http.createServer();
const io = new Server(httpServer, {
  transports: ["websocket"],
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
});

let nextId = 1;
io.on("connection", (socket) => {
  // The generator's liveness check, as Phoenix's heartbeat is for Rumbl.
  socket.on("heartbeat", (ack) => typeof ack === "function" && ack());
  socket.on("join", (topic, ack) => {
    if (typeof topic !== "string" || typeof ack !== "function") return;
    socket.join(topic);
    ack({ annotations: topic === joinTopic ? joinAnnotations : [] });
  });
  socket.on("new_annotation", (topic, payload, ack) => {
    if (typeof topic !== "string" || typeof ack !== "function" || !payload) return;
    const id = nextId++;
    ack({ id });
    io.to(topic).emit("new_annotation", { id, body: String(payload.body), at: Number(payload.at) || 0, user });
  });
});

httpServer.listen(port, "127.0.0.1", () => console.log(`socket.io baseline on 127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    io.close();
    process.exit(0);
  });
}
