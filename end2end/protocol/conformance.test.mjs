// Conformance with the official client: the `phoenix` npm package (1.8), with
// `ws` as its WebSocket, against a running Rumbl server at RUMBL_URL. No
// browser. Users and socket tokens come from the JSON API:
//   POST /api/users    {name, username, password} -> 201 {id, username}
//   POST /api/sessions {username, password}       -> 200 {user: {id, username}, token}
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Socket } from "phoenix";
import WebSocket from "ws";

const BASE = (process.env.RUMBL_URL || "").replace(/\/$/, "");
if (!BASE) throw new Error("set RUMBL_URL to the running server, e.g. http://127.0.0.1:3000");
const SOCKET_URL = BASE.replace(/^http/, "ws") + "/socket";
/** Every wait in this suite gives up after this long, so a hang is a failure. */
const LIMIT_MS = 5000;

const sockets = [];
after(() => sockets.forEach((socket) => socket.disconnect()));

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), LIMIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function waitFor(condition, what) {
  return withTimeout(
    new Promise((resolve) => {
      const check = () => (condition() ? resolve() : setTimeout(check, 10));
      check();
    }),
    what,
  );
}

function connect(token, options = {}) {
  const params = token ? { token } : {};
  const socket = new Socket(SOCKET_URL, { transport: WebSocket, params, ...options });
  sockets.push(socket);
  socket.connect();
  return socket;
}

/** Resolves with the `ok` response of a join or push, rejects with any other. */
function expectOk(push, what) {
  return withTimeout(
    new Promise((resolve, reject) => {
      push
        .receive("ok", resolve)
        .receive("error", (response) => reject(new Error(`${what}: error ${JSON.stringify(response)}`)))
        .receive("timeout", () => reject(new Error(`${what}: timeout`)));
    }),
    what,
  );
}

function expectError(push, what) {
  return withTimeout(
    new Promise((resolve, reject) => {
      push
        .receive("ok", (response) => reject(new Error(`${what}: unexpected ok ${JSON.stringify(response)}`)))
        .receive("error", resolve)
        .receive("timeout", () => reject(new Error(`${what}: timeout`)));
    }),
    what,
  );
}

function nextEvent(channel, event, wanted = () => true) {
  return withTimeout(
    new Promise((resolve) => {
      const ref = channel.on(event, (payload) => {
        if (wanted(payload)) {
          channel.off(event, ref);
          resolve(payload);
        }
      });
    }),
    `${event} on ${channel.topic}`,
  );
}

async function postJson(path, body) {
  const response = await fetch(BASE + path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported below
  }
  return { status: response.status, json, text };
}

/** A fresh user through the accounts API, with a socket token. */
async function signUp(prefix) {
  const username = `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.slice(0, 20);
  const password = "correct horse battery staple";
  const created = await postJson("/api/users", { name: `${prefix} (conformance)`, username, password });
  assert.equal(created.status, 201, `POST /api/users: ${created.status} ${created.text.slice(0, 200)}`);
  assert.equal(created.json.username, username);
  const session = await postJson("/api/sessions", { username, password });
  assert.equal(session.status, 200, `POST /api/sessions: ${session.status} ${session.text.slice(0, 200)}`);
  assert.equal(session.json.user.id, created.json.id);
  assert.equal(typeof session.json.token, "string");
  return { id: created.json.id, username, token: session.json.token };
}

/** The id of a video, read from the links of the home page. */
async function someVideoId() {
  const html = await (await fetch(BASE + "/")).text();
  const match = html.match(/href="\/watch\/(\d+)-/);
  assert.ok(match, "the home page links a video");
  return Number(match[1]);
}

test("two users on the same video both receive a posted annotation with its author", async () => {
  const [alice, bob] = [await signUp("alice"), await signUp("bob")];
  const topic = `videos:${await someVideoId()}`;
  const aliceChannel = connect(alice.token).channel(topic, {});
  const bobChannel = connect(bob.token).channel(topic, {});
  await expectOk(aliceChannel.join(), "alice joins");
  const joined = await expectOk(bobChannel.join(), "bob joins");
  assert.ok(Array.isArray(joined.annotations));

  const body = `hello from alice ${Date.now()}`;
  const seenByAlice = nextEvent(aliceChannel, "new_annotation", (a) => a.body === body);
  const seenByBob = nextEvent(bobChannel, "new_annotation", (a) => a.body === body);
  const reply = await expectOk(aliceChannel.push("new_annotation", { body, at: 1234 }), "alice posts");
  for (const annotation of [await seenByAlice, await seenByBob]) {
    assert.equal(annotation.id, reply.id);
    assert.equal(annotation.at, 1234);
    assert.deepEqual(annotation.user, { id: alice.id, username: alice.username });
  }
});

test("a channel with a params function rejoins after the server drops the socket and gets only newer annotations", async () => {
  const [carol, dave] = [await signUp("carol"), await signUp("dave")];
  const topic = `videos:${await someVideoId()}`;
  let lastSeenId = 0;
  let paramsCalls = 0;
  const carolSocket = connect(carol.token, { reconnectAfterMs: () => 1000, rejoinAfterMs: () => 200 });
  const carolChannel = carolSocket.channel(topic, () => {
    paramsCalls += 1;
    return { last_seen_id: lastSeenId };
  });
  const remember = (annotations) => annotations.forEach((a) => (lastSeenId = Math.max(lastSeenId, a.id)));
  carolChannel.on("new_annotation", (annotation) => remember([annotation]));
  // As the seed does: this hook runs again on every successful rejoin.
  const joinReplies = [];
  carolChannel.join().receive("ok", (response) => {
    joinReplies.push(response);
    remember(response.annotations);
  });
  await waitFor(() => joinReplies.length === 1, "carol's join");

  const daveChannel = connect(dave.token).channel(topic, {});
  await expectOk(daveChannel.join(), "dave joins");
  const before = await expectOk(daveChannel.push("new_annotation", { body: "before the drop", at: 10 }), "dave posts");
  await waitFor(() => lastSeenId >= before.id, "carol to see the first post");

  // A frame above the server's size limit makes the server close carol's socket.
  const closed = withTimeout(new Promise((resolve) => carolSocket.onClose(resolve)), "the drop");
  carolSocket.conn.send("x".repeat(70 * 1024));
  assert.equal((await closed).code, 1009, "the server closed the socket for the oversize frame");

  // Posted while carol is away: her rejoin must bring exactly this one.
  const missed = await expectOk(daveChannel.push("new_annotation", { body: "while you were away", at: 20 }), "dave posts again");
  await waitFor(() => joinReplies.length === 2, "carol's rejoin");
  assert.ok(paramsCalls >= 2, "the params function was asked again for the rejoin");
  const rejoin = joinReplies[1];
  assert.deepEqual(rejoin.annotations.map((a) => a.id), [missed.id], "only annotations newer than last_seen_id");
  assert.equal(rejoin.annotations[0].user.username, dave.username);
});

test("a guest joins and reads but cannot post", async () => {
  const topic = `videos:${await someVideoId()}`;
  const channel = connect(null).channel(topic, {});
  const joined = await expectOk(channel.join(), "the guest joins");
  assert.ok(Array.isArray(joined.annotations) && joined.annotations.length > 0, "the guest reads the history");
  for (const annotation of joined.annotations) {
    assert.deepEqual(Object.keys(annotation).sort(), ["at", "body", "id", "user"]);
  }
  const refused = await expectError(channel.push("new_annotation", { body: "guest words", at: 5 }), "the guest posts");
  assert.deepEqual(refused, { reason: "unauthorized" });
});

test("socket.ping reports a round trip", async () => {
  const socket = connect(null);
  await withTimeout(new Promise((resolve) => socket.onOpen(resolve)), "the socket to open");
  const rtt = await withTimeout(new Promise((resolve) => assert.ok(socket.ping(resolve), "ping was pushed")), "the pong");
  assert.equal(typeof rtt, "number");
  assert.ok(rtt >= 0);
});
