//! The webhook calls of [`Client`].

use super::{Client, ClientError};
use crate::webhooks::{CreateWebhook, CreatedWebhook, Delivery, DeliveryStatus, Webhook};
use uuid::Uuid;

impl Client {
    /// `GET /api/v1/webhooks`.
    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>, ClientError> {
        self.get("/api/v1/webhooks").await
    }

    /// `POST /api/v1/webhooks`: the answer holds the signing secret, once.
    pub async fn create_webhook(
        &self,
        body: &CreateWebhook,
    ) -> Result<CreatedWebhook, ClientError> {
        self.post("/api/v1/webhooks", body).await
    }

    /// `GET /api/v1/webhooks/{id}`.
    pub async fn get_webhook(&self, id: Uuid) -> Result<Webhook, ClientError> {
        self.get(&format!("/api/v1/webhooks/{id}")).await
    }

    /// `DELETE /api/v1/webhooks/{id}`: the hook and its deliveries.
    pub async fn delete_webhook(&self, id: Uuid) -> Result<(), ClientError> {
        self.delete(&format!("/api/v1/webhooks/{id}")).await
    }

    /// `POST /api/v1/webhooks/{id}/test`: queues a `ping` delivery.
    pub async fn test_webhook(&self, id: Uuid) -> Result<Delivery, ClientError> {
        self.post(
            &format!("/api/v1/webhooks/{id}/test"),
            &serde_json::json!({}),
        )
        .await
    }

    /// `GET /api/v1/webhook-deliveries`: newest first, optionally of one hook
    /// and in one status, at most `limit`.
    pub async fn list_deliveries(
        &self,
        webhook_id: Option<Uuid>,
        status: Option<DeliveryStatus>,
        limit: Option<u32>,
    ) -> Result<Vec<Delivery>, ClientError> {
        let mut q = Vec::new();
        if let Some(w) = webhook_id {
            q.push(format!("webhook_id={w}"));
        }
        if let Some(s) = status {
            q.push(format!("status={}", s.as_str()));
        }
        if let Some(l) = limit {
            q.push(format!("limit={l}"));
        }
        let path = if q.is_empty() {
            "/api/v1/webhook-deliveries".to_string()
        } else {
            format!("/api/v1/webhook-deliveries?{}", q.join("&"))
        };
        self.get(&path).await
    }

    /// `GET /api/v1/webhook-deliveries/{id}`.
    pub async fn get_delivery(&self, id: Uuid) -> Result<Delivery, ClientError> {
        self.get(&format!("/api/v1/webhook-deliveries/{id}")).await
    }

    /// `POST /api/v1/webhook-deliveries/{id}/replay`: queues the same
    /// delivery (same id and body) again, due now.
    pub async fn replay_delivery(&self, id: Uuid) -> Result<Delivery, ClientError> {
        self.post(
            &format!("/api/v1/webhook-deliveries/{id}/replay"),
            &serde_json::json!({}),
        )
        .await
    }
}
