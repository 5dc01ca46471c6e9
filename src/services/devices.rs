//! Devices for PIN login.

use std::fmt::Display;

use super::{call, required};
use crate::{Error, IamClient, types};

/// Device records; see [`IamClient::devices`]. To register the device this program runs
/// on, and keep its secret in the session, use
/// [`AuthService::register_device`](crate::AuthService::register_device) instead.
#[derive(Debug, Clone, Copy)]
pub struct DeviceService<'a> {
    client: &'a IamClient,
}

impl<'a> DeviceService<'a> {
    pub(crate) fn new(client: &'a IamClient) -> Self {
        Self { client }
    }

    /// Creates a device record with a secret made by the service and answers it.
    pub async fn register(&self, code: &str) -> Result<types::Device, Error> {
        let body = types::DeviceCodeRequest {
            code: code.to_owned(),
        };
        let request = self.client.api().create_device().body(body).send();

        let answer = call(self.client, "create_device", request).await?;
        required(answer.device, "create_device", "device")
    }

    /// The device with this code.
    pub async fn get_by_code(&self, code: &str) -> Result<types::Device, Error> {
        let body = types::DeviceCodeRequest {
            code: code.to_owned(),
        };
        let request = self.client.api().get_device_by_code().body(body).send();

        let answer = call(self.client, "get_device_by_code", request).await?;
        required(answer.device, "get_device_by_code", "device")
    }

    /// The device with this id.
    pub async fn get_by_id(&self, device_id: &str) -> Result<types::Device, Error> {
        let body = types::DeviceIdRequest {
            device_id: device_id.to_owned(),
        };
        let request = self.client.api().get_device_by_id().body(body).send();

        let answer = call(self.client, "get_device_by_id", request).await?;
        required(answer.device, "get_device_by_id", "device")
    }

    /// Changes a device's code or secret.
    pub async fn update<R>(&self, update: R) -> Result<(), Error>
    where
        R: TryInto<types::UpdateDeviceRequest>,
        R::Error: Display,
    {
        let request = self.client.api().update_device().body(update).send();

        call(self.client, "update_device", request).await.map(drop)
    }

    /// The devices whose code or name contains the keyword; without `pageable`, all of
    /// them in one page.
    pub async fn search<R>(&self, query: R) -> Result<types::DevicePage, Error>
    where
        R: TryInto<types::SearchDevicesRequest>,
        R::Error: Display,
    {
        let request = self.client.api().search_devices().body(query).send();

        let answer = call(self.client, "search_devices", request).await?;
        required(answer.devices, "search_devices", "devices")
    }

    /// Deletes the device.
    pub async fn delete(&self, device_id: &str) -> Result<(), Error> {
        let body = types::DeviceIdRequest {
            device_id: device_id.to_owned(),
        };
        let request = self.client.api().delete_device().body(body).send();

        call(self.client, "delete_device", request).await.map(drop)
    }
}
