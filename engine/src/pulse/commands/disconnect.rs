//! `/disconnect [@handle]` (also `/unlink`): unlinks an account (the one in use without a
//! handle) from the chat; when no other chat uses it, its token and data are deleted too.

use crate::answers::count;
use crate::chat::{ChatId, Handle};
use crate::pulse::{Pulse, PulseError};
use crate::records::Records;
use crate::reply::Reply;
use crate::store::Batch;

impl Pulse {
    pub(super) fn disconnect(
        &self,
        chat: &ChatId,
        handle: Option<&Handle>,
    ) -> Result<Reply, PulseError> {
        let account = match self.named_or_in_use(chat, handle)? {
            Ok(account) => account,
            Err(reply) => return Ok(reply),
        };
        let mut batch = Batch::new();
        Records::batch_unlink(&mut batch, chat, &account.id);
        self.records()
            .batch_remove_digests(&mut batch, chat, Some(&account.id))?;
        self.records()
            .batch_remove_alerts(&mut batch, chat, Some(&account.id))?;
        let still_used = self
            .records()
            .account_chats(&account.id)?
            .iter()
            .any(|other| other != chat);
        let erased = if still_used {
            0
        } else {
            // A sync still running for it must not write the data back.
            self.syncs.cancel(&account.id);
            self.erase_account_into(&mut batch, &account.id)?
        };
        self.store.apply(&batch)?;
        self.store.flush()?;
        if !still_used {
            self.shred_account(&account.id)?;
        }
        let text = if still_used {
            format!("Unlinked @{} from this chat. Another chat still uses it, so its data is kept for that chat.", account.username)
        } else {
            let revoked = match account.network {
                crate::account::Network::TikTok => " Pulse is also asking TikTok to remove its access, so it no longer appears in your connected apps.",
                crate::account::Network::Instagram => "",
            };
            format!(
                "Unlinked @{} and deleted its token and data ({}).{revoked}",
                account.username,
                count(erased as u64, "record", "records")
            )
        };
        let mut reply = Reply::text(text);
        reply.wakes_revoker = !still_used;
        Ok(reply)
    }
}
