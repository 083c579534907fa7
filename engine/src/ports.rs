//! [`Ports`]: the engine's doors to the networks it links, one pair per [`Network`] — how
//! an account signs in (OAuth) and how its data is read. Instagram's today; TikTok's will sit
//! beside them with its own pair, and nothing that picks a port by an account's network
//! changes.

use std::sync::Arc;

use crate::account::Network;
use crate::instagram::{Instagram, InstagramLogin};

/// Instagram's two ports.
#[derive(Clone)]
pub struct InstagramPorts {
    /// OAuth: the authorize page, codes and tokens.
    pub login: Arc<dyn InstagramLogin>,
    /// An account's data, read with its token.
    pub data: Arc<dyn Instagram>,
}

/// The ports of every network Pulse links.
#[derive(Clone)]
pub struct Ports {
    instagram: InstagramPorts,
}

impl Ports {
    /// The ports, network by network.
    pub fn new(instagram: InstagramPorts) -> Self {
        Self { instagram }
    }

    /// Instagram's ports both served by one value (as `connectors`' client serves them).
    pub fn instagram<Client>(client: Arc<Client>) -> Self
    where
        Client: InstagramLogin + Instagram + 'static,
    {
        Self::new(InstagramPorts {
            login: client.clone(),
            data: client,
        })
    }

    /// How an account of `network` signs in.
    pub fn login(&self, network: Network) -> &dyn InstagramLogin {
        match network {
            Network::Instagram => self.instagram.login.as_ref(),
        }
    }

    /// How an account of `network` is read.
    pub fn data(&self, network: Network) -> &dyn Instagram {
        match network {
            Network::Instagram => self.instagram.data.as_ref(),
        }
    }
}
