import Foundation

/// The console's network side, on Swift concurrency: lists the sales until one is chosen, follows
/// the chosen sale's telemetry, and sends the control calls the screen asks for. Everything it
/// learns goes to the ``Mailbox``.
struct NetworkDriver: Sendable {
    let client: AdminClient
    let mailbox: Mailbox

    /// Serves the screen's effects until it quits.
    /// - Parameter initialSale: the sale from `--sale`, followed at once.
    func run(_ effects: AsyncStream<ConsoleEffect>, initialSale: String?) async {
        var watcher: Task<Void, Never> = initialSale.map(follow) ?? Task { await discoverSales() }
        let signIn = Task { await learnIdentity() }
        defer { signIn.cancel() }
        await withDiscardingTaskGroup { actions in
            for await effect in effects {
                switch effect {
                case .selectSale(let saleID):
                    watcher.cancel()
                    watcher = follow(saleID)
                case .perform(let action, let saleID):
                    actions.addTask { await perform(action, saleID: saleID) }
                case .loadAudit(let saleID):
                    actions.addTask { await loadAudit(saleID) }
                case .loadOverview:
                    actions.addTask { await loadOverview() }
                case .quit:
                    watcher.cancel()
                case .loadTheme:
                    break
                }
            }
        }
        watcher.cancel()
        await watcher.value
    }

    private func follow(_ saleID: String) -> Task<Void, Never> {
        let feed = TelemetryFeed(client: client, saleID: saleID, post: mailbox.post)
        return Task { await feed.run() }
    }

    private func perform(_ action: ControlAction, saleID: String) async {
        let outcome = await client.perform(action, saleID: saleID)
        mailbox.post(.actionFinished(action, saleID: saleID, outcome, at: Date()))
    }

    private func loadOverview() async {
        do {
            mailbox.post(.overview(try await client.overview()))
        } catch {
            mailbox.post(.salesUnavailable("cannot list sales on \(client.endpoint): \(error)"))
        }
    }

    private func loadAudit(_ saleID: String) async {
        do {
            mailbox.post(.auditTrail(try await client.auditTrail(saleID: saleID)))
        } catch {
            mailbox.post(.auditUnavailable(String(describing: error)))
        }
    }

    /// Asks who holds the token until the daemon answers (a daemon without `/admin/whoami` never
    /// does: the console then greys nothing by role).
    private func learnIdentity() async {
        var backoff = Backoff(initial: 1, maximum: 5)
        while !Task.isCancelled {
            do {
                mailbox.post(.signedIn(try await client.whoami()))
                return
            } catch AdminClientError.status(let status, _) where status == 404 {
                return
            } catch {
                try? await Task.sleep(for: .seconds(backoff.next()))
            }
        }
    }

    /// Lists the sales every two seconds (backing off while the daemon is unreachable).
    private func discoverSales() async {
        var backoff = Backoff(initial: 1, maximum: 5)
        while !Task.isCancelled {
            var delay = 2.0
            do {
                mailbox.post(.sales(try await client.listSales()))
                backoff.reset()
            } catch {
                delay = backoff.next()
                mailbox.post(.salesUnavailable("cannot list sales on \(client.endpoint): \(error); retrying in \(Figures.age(delay))"))
            }
            try? await Task.sleep(for: .seconds(delay))
        }
    }
}
